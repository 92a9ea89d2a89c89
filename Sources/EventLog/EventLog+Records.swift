import CLMDB

extension EventLog {
    /// Up to `limit` records after `position` as stored, in position order; stops early once
    /// `maximumBytes` have been read.
    public func records(after position: LogPosition, limit: Int, maximumBytes: Int = 8 << 20) throws -> [StoredRecord] {
        guard limit > 0, position.rawValue < .max else { return [] }
        var bytes = 0
        let records = try environment.read { transaction in
            var records: [StoredRecord] = []
            try transaction.scan(databases.events, from: position.next.key) { key, value in
                guard let position = LogPosition(key: key) else {
                    throw EventLogError(code: .corruptRecord, message: "an event key is not 8 bytes long")
                }
                records.append(StoredRecord(position: position, bytes: Array(value)))
                bytes += value.count
                return records.count < limit && bytes < maximumBytes
            }
            return records
        }
        environment.noteMapTraffic(bytes)
        return records
    }

    /// The record at `position` as stored, or `nil` when there is none.
    public func record(at position: LogPosition) throws -> StoredRecord? {
        try environment.read { transaction in
            try transaction.withValue(databases.events, key: position.key) { value in
                value.map { StoredRecord(position: position, bytes: Array($0)) }
            }
        }
    }

    /// Appends records that another log stored (a replica following its primary), each at
    /// the position it names, in one transaction and one sync.
    ///
    /// Either every record is written or none: the first must be the position after the
    /// head, positions must be contiguous, every record must decode and pass its checksum,
    /// and no message id may already be in the log.
    ///
    /// Call it from one task at a time, never while this process also appends with
    /// ``append(_:)`` (a replica does not ingest).
    ///
    /// - Throws: ``EventLogError`` with ``EventLogError/Code/corruptRecord`` for a record that
    ///   does not fit (nothing is written), or a storage failure.
    public func appendReplicated(_ records: [StoredRecord]) throws(EventLogError) {
        guard !records.isEmpty else { return }
        var decoded: [RecordedEvent] = []
        decoded.reserveCapacity(records.count)
        for record in records { decoded.append(try record.decoded()) }
        let head = try environment.writeMakingRoom { transaction in try writeReplicated(records, decoded: decoded, in: transaction) }.value
        environment.noteMapTraffic(records.reduce(0) { $0 + $1.bytes.count })
        notifier.publish(head)
        if decoded.contains(where: { $0.type == LogErasure.eventType }) { scrubber.start() }
    }

    private func writeReplicated(_ records: [StoredRecord], decoded: [RecordedEvent], in transaction: consuming LMDBTransaction) throws -> LogPosition
    {
        var head = try transaction.lastPosition(in: databases.events)
        for (record, event) in zip(records, decoded) {
            guard record.position == head.next else {
                throw EventLogError(
                    code: .corruptRecord, message: "record \(record.position) does not follow the log's head \(head)", position: record.position)
            }
            let messageKey = Array(event.messageID.utf8)
            let existing = try transaction.withValue(databases.ids, key: messageKey) { value in
                value.flatMap(IDIndexEntry.init(bytes:))
            }
            if let existing {
                throw EventLogError(
                    code: .corruptRecord,
                    message: "record \(record.position) reuses message id \"\(event.messageID)\" of position \(existing.position)",
                    position: record.position)
            }
            try transaction.put(databases.events, key: record.position.key, value: record.bytes, flags: MDB_APPEND_FLAG)
            try transaction.put(
                databases.ids, key: messageKey, value: IDIndexEntry(position: record.position, contentDigest: event.contentDigest).bytes)
            head = record.position
            if let listed = RedactedRecord.listed(in: event) {
                try applyReplicatedErasure(listed, erasure: record.position, in: transaction)
            }
        }
        try transaction.commit()
        return head
    }

    /// A replica applies an erasure event as its primary did: each listed record it holds is
    /// rewritten to the same redacted bytes, in the event's transaction; after the commit the
    /// scrubber overwrites the old bytes.
    private func applyReplicatedErasure(_ listed: [RedactedRecord], erasure: LogPosition, in transaction: borrowing LMDBTransaction) throws {
        for record in listed where LogPosition(record.position) < erasure {
            let position = LogPosition(record.position)
            let stored = try transaction.withValue(databases.events, key: position.key) { value in
                try value.map { try RecordCodec.decode($0, expectedPosition: position) }
            }
            guard let stored, !stored.isRedacted else { continue }
            try redact(record, erasure: erasure, in: transaction)
        }
        try LogScrubber.noteErasure(in: transaction, meta: databases.meta)
    }
}
