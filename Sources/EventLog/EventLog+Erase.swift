import CLMDB

extension EventLog {
    /// The positions of the records up to `position` whose routing keys `matches` accepts,
    /// skipping redacted ones: one pass over the envelopes, without the payloads.
    public func positions(through position: LogPosition, matching matches: (RoutingKeys) -> Bool) throws -> Set<LogPosition> {
        var found: Set<LogPosition> = []
        var bytes = 0
        try environment.read { transaction in
            try transaction.scan(databases.events, from: nil) { key, value in
                guard let current = LogPosition(key: key), current <= position else { return false }
                bytes += value.count
                if let envelope = RecordCodec.envelope(of: value), !envelope.redacted, matches(envelope.keys) {
                    found.insert(current)
                }
                return true
            }
        }
        environment.noteMapTraffic(bytes)
        return found
    }

    /// Forgets records: in one transaction and one sync, replaces each record of `plan` by a
    /// redacted record (same position, id, type and times; no payload, no routing keys, a
    /// zero digest, and the erasure's position) and appends the erasure event after the
    /// head. The `ids` entries of redacted records lose their digest, so a redelivery of
    /// an erased id answers as a duplicate and stores nothing.
    ///
    /// The old bytes are still in pages LMDB freed; the log overwrites them in the
    /// background (``waitUntilScrubbed()``), and resumes that after a crash.
    ///
    /// - Throws: ``EventLogError`` when the event's id is in the log already, or storage fails;
    ///   nothing is written then.
    public func erase(_ plan: LogErasurePlan) throws(EventLogError) -> LogErasure {
        let erasure = try environment.writeMakingRoom { transaction in try writeErasure(plan, in: transaction) }.value
        if case .relaxed = configuration.durability { try environment.sync() }
        notifier.publish(erasure.position)
        scrubber.start()
        return erasure
    }

    private func writeErasure(_ plan: LogErasurePlan, in transaction: consuming LMDBTransaction) throws -> LogErasure {
        let head = try transaction.lastPosition(in: databases.events)
        var candidates = plan.positions.filter { $0 <= head }
        try transaction.scan(databases.events, from: plan.searchedThrough.next.key) { key, value in
            if let position = LogPosition(key: key), let envelope = RecordCodec.envelope(of: value), plan.matches(envelope.keys) {
                candidates.insert(position)
            }
            return true
        }
        let erasurePosition = head.next
        var redacted: [RedactedRecord] = []
        for position in candidates.sorted() {
            let event = try transaction.withValue(databases.events, key: position.key) { value in
                try value.map { try RecordCodec.decode($0, expectedPosition: position) }
            }
            guard let event, !event.isRedacted, event.type != LogErasure.eventType else { continue }
            let record = RedactedRecord(
                position: position.rawValue, messageID: event.messageID, type: event.type, occurredAt: event.occurredAt,
                recordedAt: event.recordedAt)
            try redact(record, erasure: erasurePosition, in: transaction)
            redacted.append(record)
        }
        let event = plan.event(redacted)
        let messageKey = Array(event.messageID.utf8)
        let taken = try transaction.withValue(databases.ids, key: messageKey) { $0 != nil }
        guard !taken else {
            throw EventLogError(code: .idConflict, message: "the erasure's id \"\(event.messageID)\" is in the log already")
        }
        try transaction.putReserved(databases.events, key: erasurePosition.key, count: event.record.count, flags: MDB_APPEND_FLAG) {
            target in
            event.record.withUnsafeBytes { target.copyMemory(from: $0) }
            RecordCodec.stamp(position: erasurePosition, into: target)
        }
        try transaction.put(
            databases.ids, key: messageKey, value: IDIndexEntry(position: erasurePosition, contentDigest: event.contentDigest).bytes)
        try LogScrubber.noteErasure(in: transaction, meta: databases.meta)
        let propagating = try transaction.withValue(databases.meta, key: Self.propagationKey) { value in value.map { Array($0) } ?? [] }
        try transaction.put(databases.meta, key: Self.propagationKey, value: propagating + erasurePosition.key)
        try transaction.commit()
        return LogErasure(position: erasurePosition, redacted: redacted.map { LogPosition($0.position) })
    }

    /// Replaces the record at `record.position` by its redacted form, and drops its digest
    /// from the `ids` entry.
    func redact(_ record: RedactedRecord, erasure: LogPosition, in transaction: borrowing LMDBTransaction) throws(EventLogError) {
        let position = LogPosition(record.position)
        try transaction.put(databases.events, key: position.key, value: RecordCodec.encodeRedacted(record, erasure: erasure))
        try transaction.put(
            databases.ids, key: Array(record.messageID.utf8), value: IDIndexEntry(position: position, contentDigest: RecordCodec.redactedDigest).bytes
        )
    }

    /// `meta` key: erasure events (8-byte big-endian positions) whose erased records a
    /// downstream copy (the replication stream) may still hold.
    static let propagationKey = Array("erasures_to_propagate".utf8)

    /// The erasures made here that downstream copies of the log may not have applied yet,
    /// oldest first. Replication erases their records from the stream, then calls
    /// ``notePropagated(_:)``.
    public func erasuresToPropagate() throws -> [LogPosition] {
        try environment.read { transaction in try erasuresToPropagateIn(transaction) }
    }

    /// Records that `erasure` has reached every downstream copy.
    public func notePropagated(_ erasure: LogPosition) throws(EventLogError) {
        try environment.writeTransaction { transaction in
            let remaining = try erasuresToPropagateIn(transaction).filter { $0 != erasure }
            if remaining.isEmpty {
                try transaction.delete(databases.meta, key: Self.propagationKey)
            } else {
                try transaction.put(databases.meta, key: Self.propagationKey, value: remaining.flatMap(\.key))
            }
            try transaction.commit()
        }
    }

    private func erasuresToPropagateIn(_ transaction: borrowing LMDBTransaction) throws -> [LogPosition] {
        try transaction.withValue(databases.meta, key: Self.propagationKey) { value in
            guard let value else { return [] }
            return stride(from: 0, to: value.count - 7, by: 8).compactMap { LogPosition(key: UnsafeRawBufferPointer(rebasing: value[$0..<$0 + 8])) }
        }
    }
}
