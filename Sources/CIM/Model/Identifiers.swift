/// The id of a CIM message: the idempotency key of the store.
public struct MessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as sent.
    public let rawValue: String

    /// The longest id accepted, in UTF-8 bytes (the id is an LMDB key, at most 511 bytes).
    public static let maximumByteCount = 256

    /// Wraps an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static func < (lhs: MessageID, rhs: MessageID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}

/// The id of a customer profile (`header.customer._id` or `id`).
public struct CustomerID: Sendable, Hashable, CustomStringConvertible {
    /// The id as sent.
    public let rawValue: String
    /// Wraps an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The id of a conversation (`header.conversationId`).
public struct ConversationID: Sendable, Hashable, CustomStringConvertible {
    /// The id as sent.
    public let rawValue: String
    /// Wraps an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The id of a channel session (`header.channelSessionId` or `header.channelSession.id`).
public struct ChannelSessionID: Sendable, Hashable, CustomStringConvertible {
    /// The id as sent.
    public let rawValue: String
    /// Wraps an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}
