/// Builds CIM messages for tests from the few fields a test cares about.
public struct MessageBuilder: Sendable {
    /// The sender type (`CONNECTOR`, `AGENT`, `BOT`, …).
    public var senderType = "CONNECTOR"
    /// The sender id.
    public var senderID = "connector-1"
    /// The customer's channel identity.
    public var identifier: String? = "+41790000001"
    /// The channel's service identifier.
    public var service: String? = "1122"
    /// `header.channelData.customerFirstName` and `customerLastName`.
    public var customerNames: (first: String, last: String)?
    /// `header.customer._id`.
    public var customerID: String?
    /// `header.conversationId`.
    public var conversationID: String?
    /// `header.channelSessionId`.
    public var sessionID: String?
    /// `header.intent`.
    public var intent: String?
    /// `header.timestamp` (epoch ms).
    public var timestamp: Int64 = 1_700_000_000_000

    /// Creates a builder with the defaults.
    public init() {}

    /// The message with `id` and a body given as the members of its JSON object.
    public func message(id: String, body: String) -> String {
        var header = [#""sender": {"id": "\#(senderID)", "type": "\#(senderType)", "senderName": "\#(senderType.lowercased())-name"}"#]
        var channelData: [String] = []
        if let identifier { channelData.append(#""channelCustomerIdentifier": "\#(identifier)""#) }
        if let service { channelData.append(#""serviceIdentifier": "\#(service)""#) }
        if let (first, last) = customerNames {
            channelData.append(#""customerFirstName": "\#(first)", "customerLastName": "\#(last)""#)
        }
        if !channelData.isEmpty { header.append(#""channelData": {\#(channelData.joined(separator: ", "))}"#) }
        if let customerID { header.append(#""customer": {"_id": "\#(customerID)"}"#) }
        if let conversationID { header.append(#""conversationId": "\#(conversationID)""#) }
        if let sessionID { header.append(#""channelSessionId": "\#(sessionID)""#) }
        if let intent { header.append(#""intent": "\#(intent)""#) }
        header.append(#""timestamp": \#(timestamp)"#)
        return #"{"id": "\#(id)", "header": {\#(header.joined(separator: ", "))}, "body": {\#(body)}}"#
    }

    /// A PLAIN message.
    public func plain(id: String, text: String) -> String {
        message(id: id, body: #""type": "PLAIN", "markdownText": "\#(text)""#)
    }

    /// A copy with changes.
    public func with(_ change: (inout MessageBuilder) -> Void) -> MessageBuilder {
        var copy = self
        change(&copy)
        return copy
    }
}
