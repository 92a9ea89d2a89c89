/// What a timeline request narrows the history to.
public struct TimelineFilter: Sendable {
    /// Only these activity types (any when empty).
    public var types: [String]
    /// Only this conversation.
    public var conversationID: String?
    /// Only this channel session.
    public var channelSessionID: String?
    /// Only activities at or after this time (epoch ms).
    public var from: Int64?
    /// Only activities before this time (epoch ms).
    public var to: Int64?

    /// Creates a filter.
    public init(types: [String] = [], conversationID: String? = nil, channelSessionID: String? = nil, from: Int64? = nil, to: Int64? = nil) {
        self.types = types
        self.conversationID = conversationID
        self.channelSessionID = channelSessionID
        self.from = from
        self.to = to
    }
}

/// The order of a page: newest first (the default) or oldest first.
public enum PageOrder: String, Sendable {
    /// Newest first.
    case descending = "desc"
    /// Oldest first.
    case ascending = "asc"
}
