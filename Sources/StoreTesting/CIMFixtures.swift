/// Realistic CIM messages for tests, as JSON text.
public enum CIMFixtures {
    /// A customer's PLAIN message from a web connector.
    public static func plainMessage(id: String, text: String = "Hello, I need help with my bill", customer: String = "+41790000001") -> String {
        """
        {"id": "\(id)",
         "header": {
           "sender": {"id": "460df46c-adf9-11ed-afa1-0242ac120002", "type": "CONNECTOR", "senderName": "WEB_CONNECTOR", "additionalDetail": null},
           "channelData": {"channelCustomerIdentifier": "\(customer)", "serviceIdentifier": "1122", "customerFirstName": "Ada",
                           "customerLastName": "Lovelace", "requestPriority": 0, "additionalAttributes": []},
           "language": {}, "timestamp": 1677151053951, "securityInfo": {}, "stamps": [], "intent": null, "entities": {},
           "channelSessionId": null, "schedulingMetaData": null, "conversationId": null, "customer": null,
           "originalMessageId": null, "providerMessageId": null},
         "body": {"type": "PLAIN", "markdownText": "\(text)"}}
        """
    }

    /// A message of about `size` bytes (padded in its text), for load tests.
    public static func sizedMessage(id: String, size: Int = 1024, customer: String = "+41790000001") -> String {
        let base = plainMessage(id: id, text: "", customer: customer)
        let padding = max(0, size - base.utf8.count)
        return plainMessage(id: id, text: String(repeating: "x", count: padding), customer: customer)
    }
}
