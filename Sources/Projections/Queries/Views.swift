/// One activity of the history, as the API shows it.
public struct ActivityView: Sendable, Hashable {
    /// The CIM message id.
    public let messageID: String
    /// The log position.
    public let position: Int64
    /// The activity type.
    public let type: String
    /// When it happened (epoch ms).
    public let occurredAt: Int64
    /// When the store accepted it (epoch ms).
    public let recordedAt: Int64
    /// The customer it belongs to.
    public let customerID: String?
    /// Its conversation.
    public let conversationID: String?
    /// Its channel session.
    public let channelSessionID: String?
    /// The channel's service identifier.
    public let serviceIdentifier: String?
    /// The sender's id.
    public let senderID: String
    /// The sender's type.
    public let senderType: String
    /// The sender's name.
    public let senderName: String?
    /// One line for a person.
    public let summary: String
    /// The latest delivery status reported for this message (`DELIVERED`, `READ`, …).
    public let deliveryStatus: String?
    /// The CIM message as accepted (JSON text).
    public let message: String
}

/// A page of activities and the cursor of the next one.
public struct ActivityPage: Sendable {
    /// The activities, in the requested order.
    public let activities: [ActivityView]
    /// The cursor of the next page, or `nil` at the end.
    public let nextCursor: String?
}

/// A channel identity of a customer.
public struct IdentityView: Sendable, Hashable {
    /// The customer's id on the channel.
    public let channelCustomerIdentifier: String
    /// The channel's service identifier (empty when unknown).
    public let serviceIdentifier: String
    /// First seen (epoch ms).
    public let firstSeenAt: Int64
    /// Last seen (epoch ms).
    public let lastSeenAt: Int64
}

/// A customer with its identities and activity counters.
public struct CustomerView: Sendable, Hashable {
    /// The customer id (explicit, or derived `cx-…`).
    public let customerID: String
    /// First name, when some message gave one.
    public let firstName: String?
    /// Last name, when some message gave one.
    public let lastName: String?
    /// `true` for a customer created from a channel identity.
    public let isDerived: Bool
    /// The channel identities.
    public let identities: [IdentityView]
    /// Activities on the timeline.
    public let activityCount: Int64
    /// The first activity (epoch ms).
    public let firstActivityAt: Int64?
    /// The last activity (epoch ms).
    public let lastActivityAt: Int64?
}

/// A conversation with its status and what happened in it.
public struct ConversationView: Sendable, Hashable {
    /// The conversation id.
    public let conversationID: String
    /// Its customer.
    public let customerID: String?
    /// `ACTIVE` or `CLOSED`.
    public let status: String
    /// What closed it (`WRAPUP`, `END_CHAT`, `CHANNEL_SESSION_ENDED`, …).
    public let closedReason: String?
    /// The first activity (epoch ms).
    public let firstActivityAt: Int64
    /// The last activity (epoch ms).
    public let lastActivityAt: Int64
    /// When it closed (epoch ms).
    public let closedAt: Int64?
    /// Activities in it.
    public let activityCount: Int64
    /// Service identifiers used, as a JSON array.
    public let channelsJSON: String
    /// Participants seen (`{type, id, name}`), as a JSON array.
    public let participantsJSON: String
    /// Wrap-ups applied, as a JSON array.
    public let wrapUpsJSON: String
}

/// A page of conversations and the cursor of the next one.
public struct ConversationPage: Sendable {
    /// The conversations, newest activity first.
    public let conversations: [ConversationView]
    /// The cursor of the next page, or `nil` at the end.
    public let nextCursor: String?
}
