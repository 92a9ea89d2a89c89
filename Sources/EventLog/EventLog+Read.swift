extension EventLog {
    /// Up to `limit` events after `position`, in position order (none after the last
    /// possible position).
    public func read(after position: LogPosition, limit: Int) throws -> [RecordedEvent] {
        guard limit > 0, position.rawValue < .max else { return [] }
        let events = try environment.read { transaction in
            var events: [RecordedEvent] = []
            events.reserveCapacity(min(limit, 1024))
            try transaction.scan(databases.events, from: position.next.key) { key, value in
                guard let position = LogPosition(key: key) else {
                    throw EventLogError(code: .corruptRecord, message: "an event key is not 8 bytes long")
                }
                events.append(try RecordCodec.decode(value, expectedPosition: position))
                return events.count < limit
            }
            return events
        }
        environment.noteMapTraffic(events.reduce(0) { $0 + $1.payload.count })
        return events
    }

    /// The event at `position`, or `nil` when there is none.
    public func event(at position: LogPosition) throws -> RecordedEvent? {
        try environment.read { transaction in
            try transaction.withValue(databases.events, key: position.key) { value in
                try value.map { try RecordCodec.decode($0, expectedPosition: position) }
            }
        }
    }

    /// The position of the event with `messageID`, or `nil` when the id is unknown.
    public func position(ofMessageID messageID: String) throws -> LogPosition? {
        try environment.read { transaction in
            try transaction.withValue(databases.ids, key: Array(messageID.utf8)) { value in
                value.flatMap(IDIndexEntry.init(bytes:))?.position
            }
        }
    }

    /// Waits until the head is past `position` (or the task is cancelled, or the log
    /// closes) and returns the head then.
    public func waitForHead(beyond position: LogPosition) async -> LogPosition {
        await notifier.wait(beyond: position)
    }

    /// The head once it has reached `position`, or when `timeout` has passed first (a read
    /// replica waiting for a position its primary answered).
    public func waitForHead(reaching position: LogPosition, timeout: Duration) async -> LogPosition {
        _ = await value(within: timeout) { [self] in
            var seen = head
            while seen < position, !Task.isCancelled { seen = await waitForHead(beyond: seen) }
        }
        return head
    }
}
