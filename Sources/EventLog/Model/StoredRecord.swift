/// A record as the log stores it: its position and its bytes exactly (the format of
/// `docs/record-format.md`). Replication ships these bytes, so that a replica's log is
/// byte-identical to the primary's.
public struct StoredRecord: Sendable, Hashable {
    /// Its position.
    public let position: LogPosition
    /// The record's bytes.
    public let bytes: [UInt8]

    /// Wraps a record's bytes.
    public init(position: LogPosition, bytes: [UInt8]) {
        self.position = position
        self.bytes = bytes
    }

    /// The record of `event` at `position`, as the log's writer would store it there.
    public init(_ event: NewEvent, at position: LogPosition) {
        var bytes = event.record
        bytes.withUnsafeMutableBytes { RecordCodec.stamp(position: position, into: $0) }
        self.init(position: position, bytes: bytes)
    }

    /// Decodes the record, checking its checksum and that it claims `position`.
    ///
    /// - Throws: ``EventLogError`` with ``EventLogError/Code/corruptRecord``.
    public func decoded() throws(EventLogError) -> RecordedEvent {
        let decoded = bytes.withUnsafeBytes { buffer in
            Result { () throws(EventLogError) in try RecordCodec.decode(buffer, expectedPosition: position) }
        }
        return try decoded.get()
    }

    /// The redacted record the erasure at `erasure` writes in place of `record`.
    public static func redacted(_ record: RedactedRecord, erasure: LogPosition) -> StoredRecord {
        StoredRecord(position: LogPosition(record.position), bytes: RecordCodec.encodeRedacted(record, erasure: erasure))
    }

    /// For an erasure event, what stays of the records it redacted; `nil` for any other
    /// record (read from the envelope first, so that other records cost no decoding).
    public var redactedRecordsListed: [RedactedRecord]? {
        guard isErasureEvent, let event = try? decoded() else { return nil }
        return RedactedRecord.listed(in: event)
    }

    /// `true` for an erasure event (read from the envelope only).
    public var isErasureEvent: Bool {
        bytes.withUnsafeBytes { RecordCodec.type(of: $0) == LogErasure.eventType }
    }

    /// `true` for a redacted record.
    public var isRedacted: Bool {
        bytes.withUnsafeBytes { RecordCodec.envelope(of: $0)?.redacted ?? false }
    }
}
