/// What an append did.
public struct AppendResult: Sendable, Hashable {
    /// The event's position: new, or the original one for a duplicate.
    public let position: LogPosition
    /// `true` when the id was already in the log with the same content, so nothing was
    /// appended.
    public let duplicate: Bool

    /// Creates a result.
    public init(position: LogPosition, duplicate: Bool) {
        self.position = position
        self.duplicate = duplicate
    }
}
