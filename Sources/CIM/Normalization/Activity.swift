/// What the store makes of an accepted message: its type in the history, the keys the
/// projections route it by, and when it happened.
public struct Activity: Sendable, Hashable {
    /// The message id.
    public var messageID: MessageID
    /// The history type.
    public var type: ActivityType
    /// `header.customer._id`/`id`, when the sender knows the customer.
    public var customerID: CustomerID?
    /// `header.channelData.channelCustomerIdentifier`, the customer's identity on the channel.
    public var channelCustomerIdentifier: String?
    /// `header.channelData.serviceIdentifier`.
    public var serviceIdentifier: String?
    /// `header.conversationId`.
    public var conversationID: ConversationID?
    /// `header.channelSessionId` or `header.channelSession.id`.
    public var channelSessionID: ChannelSessionID?
    /// When it happened: `header.timestamp`, else when the store received it.
    public var occurredAt: Timestamp

    /// Creates an activity.
    public init(
        messageID: MessageID,
        type: ActivityType,
        customerID: CustomerID? = nil,
        channelCustomerIdentifier: String? = nil,
        serviceIdentifier: String? = nil,
        conversationID: ConversationID? = nil,
        channelSessionID: ChannelSessionID? = nil,
        occurredAt: Timestamp
    ) {
        self.messageID = messageID
        self.type = type
        self.customerID = customerID
        self.channelCustomerIdentifier = channelCustomerIdentifier
        self.serviceIdentifier = serviceIdentifier
        self.conversationID = conversationID
        self.channelSessionID = channelSessionID
        self.occurredAt = occurredAt
    }
}
