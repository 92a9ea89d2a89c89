import GRDB

/// What a timeline or search request narrows the history to.
public struct TimelineFilter: Sendable {
    /// Only these activity types (any when empty).
    public var types: [String]
    /// Only this conversation.
    public var conversationID: String?
    /// Only this channel session.
    public var channelSessionID: String?
    /// Only this channel (its service identifier).
    public var serviceIdentifier: String?
    /// Only activities at or after this time (epoch ms).
    public var from: Int64?
    /// Only activities before this time (epoch ms).
    public var to: Int64?

    /// Creates a filter.
    public init(
        types: [String] = [], conversationID: String? = nil, channelSessionID: String? = nil, serviceIdentifier: String? = nil,
        from: Int64? = nil, to: Int64? = nil
    ) {
        self.types = types
        self.conversationID = conversationID
        self.channelSessionID = channelSessionID
        self.serviceIdentifier = serviceIdentifier
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

extension TimelineFilter {
    /// Adds the filter's conditions on the activities aliased `a`.
    func narrow(_ conditions: inout [String], _ arguments: inout StatementArguments) {
        if !types.isEmpty {
            conditions.append("a.type IN (\(Array(repeating: "?", count: types.count).joined(separator: ", ")))")
            arguments += StatementArguments(types)
        }
        let equalities: [(String, String?)] = [
            ("a.conversation_id", conversationID), ("a.channel_session_id", channelSessionID), ("a.service_identifier", serviceIdentifier),
        ]
        for case let (column, value?) in equalities {
            conditions.append("\(column) = ?")
            arguments += [value]
        }
        if let from {
            conditions.append("a.occurred_at >= ?")
            arguments += [from]
        }
        if let to {
            conditions.append("a.occurred_at < ?")
            arguments += [to]
        }
    }
}
