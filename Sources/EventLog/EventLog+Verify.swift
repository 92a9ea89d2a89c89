extension EventLog {
    /// Checks the whole log: positions contiguous from 1, every record decodes and passes
    /// its checksum, and the id index agrees with the records both ways.
    ///
    /// `progress` is called every 10,000 events with the number checked so far.
    public func verify(progress: (UInt64) -> Void = { _ in }) throws -> VerificationReport {
        try environment.read { transaction in
            var report = VerificationReport()
            var expected = LogPosition(1)
            try transaction.scan(databases.events, from: nil) { key, value in
                guard let position = LogPosition(key: key) else {
                    report.problems.append(.init(position: nil, message: "an event key is \(key.count) bytes long, not 8"))
                    return true
                }
                if position != expected {
                    report.problems.append(.init(position: position, message: "positions jump from \(expected.rawValue - 1) to \(position)"))
                }
                expected = position.next
                report.eventCount += 1
                report.lastPosition = position
                do {
                    let event = try RecordCodec.decode(value, expectedPosition: position)
                    let indexed = try transaction.withValue(databases.ids, key: Array(event.messageID.utf8)) { value in
                        value.flatMap(IDIndexEntry.init(bytes:))
                    }
                    if let indexed {
                        if indexed.position != position {
                            report.problems.append(
                                .init(position: position, message: "id \"\(event.messageID)\" is indexed at position \(indexed.position)"))
                        } else if indexed.contentDigest != event.contentDigest {
                            report.problems.append(.init(position: position, message: "id \"\(event.messageID)\" has another digest in the index"))
                        }
                    } else {
                        report.problems.append(.init(position: position, message: "id \"\(event.messageID)\" is missing from the id index"))
                    }
                } catch let error as EventLogError {
                    report.problems.append(.init(position: position, message: error.message))
                }
                if report.eventCount % 10_000 == 0 { progress(report.eventCount) }
                return true
            }
            let indexed = try transaction.count(databases.ids)
            if UInt64(indexed) != report.eventCount {
                report.problems.append(.init(position: nil, message: "the id index has \(indexed) entries for \(report.eventCount) events"))
            }
            progress(report.eventCount)
            return report
        }
    }
}

/// The outcome of ``EventLog/verify(progress:)``.
public struct VerificationReport: Sendable {
    /// One thing wrong with the log.
    public struct Problem: Sendable, CustomStringConvertible {
        /// The position concerned, when there is one.
        public let position: LogPosition?
        /// What is wrong.
        public let message: String

        public var description: String {
            position.map { "position \($0): \(message)" } ?? message
        }
    }

    /// Events checked.
    public var eventCount: UInt64 = 0
    /// The last position seen.
    public var lastPosition: LogPosition = .start
    /// Everything found wrong; empty for a sound log.
    public var problems: [Problem] = []

    /// `true` when nothing is wrong.
    public var isSound: Bool { problems.isEmpty }
}
