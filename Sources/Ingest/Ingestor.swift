public import CIM
public import EventLog

/// The write path: decode and validate a posted message (``MessagePreparer``), append it
/// durably to the log, and answer with a receipt.
///
/// Decoding, validation and record encoding run on the caller's task; only the append
/// goes through the log's single writer. Every receipt is durable: the append has been
/// committed and synced (or the log was opened with relaxed durability on purpose).
public struct Ingestor: Sendable {
    /// The log appended to.
    public let log: EventLog
    /// How bytes become events.
    public let preparer: MessagePreparer
    /// What the wiring wants done with each newly appended CIM message, if anything.
    public let afterAppend: AppendedMessageHandler?
    /// What must hold before a write is taken and before it is acknowledged, besides the
    /// local sync (replication); `nil` when the local sync is enough.
    public let gate: (any AcknowledgementGate)?
    /// What holds writes back while the read models trail the log; `nil` for none.
    public let pacing: ReadModelPacing?

    /// Creates an ingestor over `log`; `afterAppend` sees every newly appended CIM message,
    /// `gate` decides when a write may be taken and acknowledged, and `pacing` holds writes
    /// back while the read models trail.
    public init(
        log: EventLog, preparer: MessagePreparer = MessagePreparer(), afterAppend: AppendedMessageHandler? = nil,
        gate: (any AcknowledgementGate)? = nil, pacing: ReadModelPacing? = nil
    ) {
        self.log = log
        self.preparer = preparer
        self.afterAppend = afterAppend
        self.gate = gate
        self.pacing = pacing
    }

    /// The decoder every message goes through (and with it the JSON limits).
    public var decoder: MessageDecoder { preparer.decoder }

    /// Validates and appends one message; returns after it is durable (and acknowledged by
    /// the ``gate``). A repeated id answers with its original position, once the gate
    /// acknowledges that position.
    ///
    /// - Throws: ``CIMError`` for an invalid message (nothing is written),
    ///   ``EventLogError`` (id conflict, disk full, closed, storage failure), or the gate's
    ///   error.
    public func ingest(_ bytes: [UInt8], origin: MessageOrigin) async throws -> IngestReceipt {
        let prepared = try preparer.prepare(bytes, origin: origin)
        try gate?.admit()
        let appended = try await paced(1) { try await log.append(prepared.event) }
        let receipt = receipt(for: prepared, appended: appended)
        try await gate?.acknowledge(through: appended.position)
        return receipt
    }

    /// Validates every message of a batch and, only when all are valid, appends them in one
    /// call: one transaction and one sync for the whole batch. Returns each message's
    /// outcome in order (a reused id with other content is a failure of that message alone).
    ///
    /// - Throws: ``IngestError/batchRefused(_:)`` naming every invalid message (nothing is
    ///   written), or ``EventLogError`` when the append itself fails (disk full, closed, storage).
    public func ingest(batch messages: [[UInt8]], origin: MessageOrigin) async throws -> [Result<IngestReceipt, EventLogError>] {
        let receivedAt = Timestamp.now
        var prepared: [PreparedMessage] = []
        prepared.reserveCapacity(messages.count)
        var refused: [(index: Int, error: CIMError)] = []
        for (index, bytes) in messages.enumerated() {
            do {
                prepared.append(try preparer.prepare(bytes, origin: origin, receivedAt: receivedAt))
            } catch {
                refused.append((index, error))
            }
        }
        guard refused.isEmpty else { throw IngestError.batchRefused(refused) }
        return try await append(prepared)
    }

    /// Appends messages already prepared, in one call (one transaction and one sync), and
    /// gives each its outcome in order, once the ``gate`` acknowledges them.
    ///
    /// - Throws: ``EventLogError`` when the append itself fails, or the gate's error.
    func append(_ prepared: [PreparedMessage]) async throws -> [Result<IngestReceipt, EventLogError>] {
        guard !prepared.isEmpty else { return [] }
        try gate?.admit()
        let results = try await paced(prepared.count) { try await log.append(contentsOf: prepared.map(\.event)) }
        let receipts = zip(prepared, results).map { message, result in
            result.map { receipt(for: message, appended: $0) }
        }
        if let gate, let last = Self.lastPosition(of: results) { try await gate.acknowledge(through: last) }
        return receipts
    }

    /// Runs `append` (of `count` events) once the ``pacing`` lets it go, at once without one.
    private func paced<Value>(_ count: Int, _ append: () async throws -> Value) async throws -> Value {
        guard let pacing else { return try await append() }
        return try await pacing.paced(count, append)
    }

    /// The highest position a batch's outcomes name: appended, duplicate, or the stored event
    /// an id conflicts with (all in the log, all to be acknowledged before the answer).
    private static func lastPosition(of results: [Result<AppendResult, EventLogError>]) -> LogPosition? {
        results.compactMap { result in
            switch result {
            case .success(let appended): appended.position
            case .failure(let error): error.position
            }
        }.max()
    }

    /// The receipt of an appended message, after handing a newly appended CIM message to
    /// ``afterAppend``.
    func receipt(for prepared: PreparedMessage, appended: AppendResult) -> IngestReceipt {
        if !appended.duplicate, prepared.origin == .cimMessage { afterAppend?(prepared.message, appended.position) }
        return IngestReceipt(messageID: prepared.activity.messageID, type: prepared.activity.type, result: appended)
    }
}
