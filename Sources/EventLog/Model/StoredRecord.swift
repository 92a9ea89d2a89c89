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
}
