/// What to forget, as the log sees it: positions, and a test on routing keys for records
/// the caller has not seen. The log knows nothing of customers; the caller (the read
/// models) says which records are theirs.
public struct LogErasurePlan: Sendable {
    /// Records the caller found to belong to the subject.
    public var positions: Set<LogPosition>
    /// The caller searched the log up to here; records after it are tested with
    /// ``matches`` inside the erasure's own transaction, so that none appended meanwhile
    /// escapes.
    public var searchedThrough: LogPosition
    /// Whether a record with these routing keys belongs to the subject.
    public var matches: @Sendable (RoutingKeys) -> Bool
    /// The event that records the erasure, made from the positions it redacts (ascending).
    public var event: @Sendable ([LogPosition]) -> NewEvent

    /// Creates a plan.
    public init(
        positions: Set<LogPosition>, searchedThrough: LogPosition, matches: @escaping @Sendable (RoutingKeys) -> Bool,
        event: @escaping @Sendable ([LogPosition]) -> NewEvent
    ) {
        self.positions = positions
        self.searchedThrough = searchedThrough
        self.matches = matches
        self.event = event
    }
}

/// What an erasure did to the log.
public struct LogErasure: Sendable, Hashable {
    /// The position of the erasure event.
    public let position: LogPosition
    /// The records it redacted, ascending.
    public let redacted: [LogPosition]
}
