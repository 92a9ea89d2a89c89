import EventLog
import Synchronization

/// One tail of the log, fanned out to every subscriber of a live stream, so a thousand
/// watchers cost one reader of the log, not a thousand.
///
/// A subscriber gets each event committed after it subscribed, in order, plus a heartbeat
/// every `heartbeatInterval`. What came before is its to read from the log: ``subscribe()``
/// says up to which position (`backfillThrough`), and the live items start right after it,
/// so backfill and live items meet without a gap or an overlap. A subscriber that falls
/// `bufferLimit` items behind is dropped (its stream finishes) instead of holding memory or
/// slowing ingest; it resumes from its last position like any reconnecting client.
final class LogBroadcaster: Sendable {
    /// What a subscriber receives.
    enum Item: Sendable {
        case event(RecordedEvent)
        case heartbeat
    }

    /// One subscriber's view: the live items, and the position they start after.
    struct Subscription: Sendable {
        /// Every event up to here must be read from the log; the items carry the rest.
        let backfillThrough: LogPosition
        let items: AsyncStream<Item>
        /// Ends the items (the server is shutting down).
        let end: @Sendable () -> Void
    }

    private struct State {
        var subscribers: [Int: AsyncStream<Item>.Continuation] = [:]
        var nextID = 0
        var published: LogPosition
        var tail: Task<Void, Never>?
    }

    private let log: EventLog
    private let bufferLimit: Int
    private let heartbeatInterval: Duration
    private let state: Mutex<State>

    init(log: EventLog, bufferLimit: Int = 1024, heartbeatInterval: Duration = .seconds(15)) {
        self.log = log
        self.bufferLimit = bufferLimit
        self.heartbeatInterval = heartbeatInterval
        self.state = Mutex(State(published: log.head))
    }

    /// How many subscribers are attached.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Attaches a subscriber; the tail starts with the first one.
    func subscribe() -> Subscription {
        let (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(bufferLimit))
        let (id, published): (Int, LogPosition) = state.withLock { state in
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            if state.tail == nil { state.tail = startTail(after: state.published) }
            return (state.nextID, state.published)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return Subscription(backfillThrough: published, items: items, end: { continuation.finish() })
    }

    private func startTail(after start: LogPosition) -> Task<Void, Never> {
        Task { [log, heartbeatInterval] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await event in log.events(after: start) { self.publish(.event(event), at: event.position) }
                    } catch {}
                }
                group.addTask {
                    while (try? await Task.sleep(for: heartbeatInterval)) != nil { self.publish(.heartbeat, at: nil) }
                }
                await group.next()
                group.cancelAll()
            }
            finishAll()
        }
    }

    /// Hands `item` to every subscriber (and moves the published position, under the same
    /// lock as ``subscribe()`` reads it); subscribers whose buffer is full are dropped.
    private func publish(_ item: Item, at position: LogPosition?) {
        let dropped: [AsyncStream<Item>.Continuation] = state.withLock { state in
            if let position { state.published = position }
            var dropped: [AsyncStream<Item>.Continuation] = []
            for (id, continuation) in state.subscribers {
                if case .dropped = continuation.yield(item) {
                    state.subscribers.removeValue(forKey: id)
                    dropped.append(continuation)
                }
            }
            return dropped
        }
        for continuation in dropped { continuation.finish() }
    }

    /// Ends every stream (the log closed) and lets the next subscriber start a new tail.
    func finishAll() {
        let all = state.withLock { state in
            defer {
                state.subscribers = [:]
                state.tail = nil
            }
            return Array(state.subscribers.values)
        }
        for continuation in all { continuation.finish() }
    }
}
