extension EventLog {
    /// Every event after `position`, then each new one as it is committed. The sequence
    /// sleeps on the writer's commit notifications (no polling) and ends when the log
    /// closes or the task is cancelled.
    public func events(after position: LogPosition, batchSize: Int = 512) -> LogTail {
        LogTail(log: self, after: position, batchSize: batchSize)
    }
}

/// An endless, ordered sequence of the log's events from a position on.
public struct LogTail: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let log: EventLog
    let after: LogPosition
    let batchSize: Int

    public func makeAsyncIterator() -> Iterator {
        Iterator(log: log, position: after, batchSize: batchSize)
    }

    /// Reads batches from the log and waits for commits when it has caught up.
    public struct Iterator: AsyncIteratorProtocol {
        let log: EventLog
        var position: LogPosition
        let batchSize: Int
        var buffer: [RecordedEvent] = []
        var index = 0

        init(log: EventLog, position: LogPosition, batchSize: Int) {
            self.log = log
            self.position = position
            self.batchSize = batchSize
        }

        public mutating func next() async throws -> RecordedEvent? {
            while index >= buffer.count {
                if Task.isCancelled { return nil }
                buffer = try log.read(after: position, limit: batchSize)
                index = 0
                if buffer.isEmpty {
                    let head = await log.waitForHead(beyond: position)
                    if head <= position { return nil }
                }
            }
            let event = buffer[index]
            index += 1
            position = event.position
            return event
        }
    }
}
