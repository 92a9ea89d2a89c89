extension EventLog {
    /// Appends one event and returns after its batch is committed (and synced, in durable
    /// mode).
    ///
    /// - Throws: ``EventLogError`` with ``EventLogError/Code/idConflict`` (and the existing
    ///   position) when the id is taken by different content, ``EventLogError/Code/diskFull``,
    ///   ``EventLogError/Code/closed``, or ``EventLogError/Code/storageFailure``.
    public func append(_ event: NewEvent) async throws -> AppendResult {
        let outcomes = try await append(contentsOf: [event])
        return try outcomes[0].get()
    }

    /// Appends events in order as part of one batch, each with its own outcome (a conflict
    /// refuses only its own event). Throws only when the whole batch failed.
    public func append(contentsOf events: [NewEvent]) async throws -> [Result<AppendResult, EventLogError>] {
        guard !events.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            writer.submit(events) { outcome in
                continuation.resume(with: outcome)
            }
        }
    }
}
