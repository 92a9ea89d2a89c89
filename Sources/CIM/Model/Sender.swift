/// `header.sender`: who produced the message.
public struct Sender: Sendable, Hashable {
    /// `sender.id` (required, not blank).
    public var id: String
    /// `sender.type` (required; open set).
    public var type: SenderType
    /// `sender.senderName`; agent desks omit it and send a participant object instead.
    public var senderName: String?
    /// `sender.additionalDetail`, kept as sent.
    public var additionalDetail: JSONValue?
    /// `sender.participant`, the participant object some agent desks send.
    public var participant: JSONValue?

    /// Creates a sender.
    public init(id: String, type: SenderType, senderName: String? = nil, additionalDetail: JSONValue? = nil, participant: JSONValue? = nil) {
        self.id = id
        self.type = type
        self.senderName = senderName
        self.additionalDetail = additionalDetail
        self.participant = participant
    }
}
