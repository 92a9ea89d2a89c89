/// The header of a CIM message: routing, identity and context common to every body type.
public struct MessageHeader: Sendable, Hashable {
    /// `sender` (required).
    public var sender: Sender
    /// `channelData`.
    public var channelData: ChannelData?
    /// The channel session, from `channelSessionId` or `channelSession.id`.
    public var channelSessionID: ChannelSessionID?
    /// `channelSession`, when the sender sent the whole object.
    public var channelSession: JSONValue?
    /// `conversationId`.
    public var conversationID: ConversationID?
    /// `customer`.
    public var customer: Customer?
    /// `intent` (open set).
    public var intent: MessageIntent?
    /// `entities`, kept as sent.
    public var entities: JSONValue?
    /// `stamps`, kept as sent (strings in the guides, objects in some vendors' traffic).
    public var stamps: JSONValue?
    /// `timestamp`: when the message was received by its sender.
    public var timestamp: Timestamp?
    /// `language`, kept as sent.
    public var language: JSONValue?
    /// `securityInfo`, kept as sent.
    public var securityInfo: JSONValue?
    /// `roomId`.
    public var roomID: String?
    /// `providerMessageId`.
    public var providerMessageID: String?
    /// `originalMessageId` (the parent of a `REPLY_TO`).
    public var originalMessageID: String?
    /// `schedulingMetaData`, kept as sent.
    public var schedulingMetaData: JSONValue?
    /// `header.additionalData` (schema v1), as sent.
    public var additionalData: JSONValue?
    /// `header.additionalData.isEncoded`: the body's `markdownText` is base64 (see
    /// ``EncodedText``).
    public var isEncoded: Bool

    /// Creates a header.
    public init(
        sender: Sender,
        channelData: ChannelData? = nil,
        channelSessionID: ChannelSessionID? = nil,
        channelSession: JSONValue? = nil,
        conversationID: ConversationID? = nil,
        customer: Customer? = nil,
        intent: MessageIntent? = nil,
        entities: JSONValue? = nil,
        stamps: JSONValue? = nil,
        timestamp: Timestamp? = nil,
        language: JSONValue? = nil,
        securityInfo: JSONValue? = nil,
        roomID: String? = nil,
        providerMessageID: String? = nil,
        originalMessageID: String? = nil,
        schedulingMetaData: JSONValue? = nil,
        additionalData: JSONValue? = nil,
        isEncoded: Bool = false
    ) {
        self.sender = sender
        self.channelData = channelData
        self.channelSessionID = channelSessionID
        self.channelSession = channelSession
        self.conversationID = conversationID
        self.customer = customer
        self.intent = intent
        self.entities = entities
        self.stamps = stamps
        self.timestamp = timestamp
        self.language = language
        self.securityInfo = securityInfo
        self.roomID = roomID
        self.providerMessageID = providerMessageID
        self.originalMessageID = originalMessageID
        self.schedulingMetaData = schedulingMetaData
        self.additionalData = additionalData
        self.isEncoded = isEncoded
    }
}
