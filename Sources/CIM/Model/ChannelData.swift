/// `header.channelData`: the channel the customer is on and who they are on it.
public struct ChannelData: Sendable, Hashable {
    /// One call variable or channel attribute (`additionalAttributes[]`).
    public struct Attribute: Sendable, Hashable {
        /// `key` (required).
        public var key: String
        /// `type`, e.g. `String2000`.
        public var type: String?
        /// `value`, kept as sent (a string, or an object such as `WebChannelData`).
        public var value: JSONValue?

        /// Creates an attribute.
        public init(key: String, type: String? = nil, value: JSONValue? = nil) {
            self.key = key
            self.type = type
            self.value = value
        }
    }

    /// The customer's id on the channel, usually an MSISDN.
    public var channelCustomerIdentifier: String?
    /// The channel's service identifier (a number, a page id).
    public var serviceIdentifier: String?
    /// `customerFirstName`.
    public var customerFirstName: String?
    /// `customerLastName`.
    public var customerLastName: String?
    /// `requestPriority` (a number or string on the wire; kept as text).
    public var requestPriority: String?
    /// `additionalAttributes`.
    public var additionalAttributes: [Attribute]

    /// Creates channel data.
    public init(
        channelCustomerIdentifier: String? = nil,
        serviceIdentifier: String? = nil,
        customerFirstName: String? = nil,
        customerLastName: String? = nil,
        requestPriority: String? = nil,
        additionalAttributes: [Attribute] = []
    ) {
        self.channelCustomerIdentifier = channelCustomerIdentifier
        self.serviceIdentifier = serviceIdentifier
        self.customerFirstName = customerFirstName
        self.customerLastName = customerLastName
        self.requestPriority = requestPriority
        self.additionalAttributes = additionalAttributes
    }
}
