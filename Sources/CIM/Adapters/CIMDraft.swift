/// A CIM message an adapter builds from a webhook, before it is written as JSON and
/// validated like any posted message. Everything in it comes from the webhook itself, so
/// the same webhook always gives the same bytes: a redelivery is recognized by its id.
struct CIMDraft {
    /// Who a webhook adapter sends as.
    struct Sender {
        let id: String
        let name: String
        let type: String
    }

    var id: String
    var sender: Sender
    var timestamp: Timestamp?
    var intent: String?
    var channelCustomerIdentifier: String?
    var serviceIdentifier: String?
    var conversationID: String?
    var channelSessionID: String?
    /// The customer's id, when the platform knows it (`header.customer._id`).
    var customerID: String?
    /// The body's members, `type` first.
    var body: [(key: String, value: JSONValue)]

    /// The message as compact JSON.
    var bytes: [UInt8] {
        var header: [(key: String, value: JSONValue)] = [
            (
                "sender",
                .object(JSONObject(members: [("id", .string(sender.id)), ("senderName", .string(sender.name)), ("type", .string(sender.type))]))
            )
        ]
        if channelCustomerIdentifier != nil || serviceIdentifier != nil {
            var channelData: [(key: String, value: JSONValue)] = []
            if let channelCustomerIdentifier { channelData.append(("channelCustomerIdentifier", .string(channelCustomerIdentifier))) }
            if let serviceIdentifier { channelData.append(("serviceIdentifier", .string(serviceIdentifier))) }
            header.append(("channelData", .object(JSONObject(members: channelData))))
        }
        if let timestamp { header.append(("timestamp", .number(JSONNumber(timestamp.millisecondsSince1970)))) }
        if let intent { header.append(("intent", .string(intent))) }
        if let conversationID { header.append(("conversationId", .string(conversationID))) }
        if let channelSessionID { header.append(("channelSessionId", .string(channelSessionID))) }
        if let customerID { header.append(("customer", .object(JSONObject(members: [("_id", .string(customerID))])))) }
        let message = JSONValue.object(
            JSONObject(members: [("id", .string(id)), ("header", .object(JSONObject(members: header))), ("body", .object(JSONObject(members: body)))])
        )
        return Array(message.compactText.utf8)
    }
}
