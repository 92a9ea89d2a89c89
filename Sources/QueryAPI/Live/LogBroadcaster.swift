import EventLog

/// The whole log as one live source: one tail of the log, however many streams watch it.
enum LogBroadcaster {
    /// The only key: every event.
    enum Everything: Hashable, Sendable {
        case events
    }

    typealias FanOut = LiveFanOut<Everything, RecordedEvent>

    /// A fan-out of `log`'s events, starting after its current head.
    static func make(log: EventLog, bufferLimit: Int = 1024, heartbeatInterval: Duration = .seconds(15)) -> FanOut {
        FanOut(startingAfter: log.head, bufferLimit: bufferLimit, heartbeatInterval: heartbeatInterval) { after, fanOut in
            do {
                for try await event in log.events(after: after) { fanOut.publish([([.events], event)], through: event.position) }
            } catch {}
        }
    }
}
