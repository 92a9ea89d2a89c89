/// The keys a projection routes an event by, stored in the record envelope so that a
/// projection need not parse the message to find them.
public struct RoutingKeys: Sendable, Hashable {
    /// The customer profile id, when the sender knew it.
    public var customerID: String?
    /// The customer's identity on its channel.
    public var channelCustomerIdentifier: String?
    /// The channel's service identifier.
    public var serviceIdentifier: String?
    /// The conversation.
    public var conversationID: String?
    /// The channel session.
    public var channelSessionID: String?

    /// Creates routing keys.
    public init(
        customerID: String? = nil,
        channelCustomerIdentifier: String? = nil,
        serviceIdentifier: String? = nil,
        conversationID: String? = nil,
        channelSessionID: String? = nil
    ) {
        self.customerID = customerID
        self.channelCustomerIdentifier = channelCustomerIdentifier
        self.serviceIdentifier = serviceIdentifier
        self.conversationID = conversationID
        self.channelSessionID = channelSessionID
    }
}
