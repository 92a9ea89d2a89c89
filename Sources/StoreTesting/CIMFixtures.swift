import Foundation

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

    /// A realistic message of about 1 KB: a full connector header with channel data, call
    /// variables, a known customer, a conversation and a session, and a text body. `index`
    /// varies the customer, the conversation and the text.
    public static func realisticMessage(id: String, index: Int = 0) -> String {
        let customer = 1000 + index % 5000
        let texts = [
            "Hi, my last invoice shows a roaming charge for a trip I never took. Can you check it?",
            "The router keeps dropping the connection every evening around eight. Already restarted it twice.",
            "I would like to move my contract to the new address from the first of next month, please.",
            "Can I get a copy of the payment confirmation for order 88412? The email never arrived.",
        ]
        return """
            {"id":"\(id)","header":{"sender":{"id":"460df46c-adf9-11ed-afa1-0242ac120002","type":"CONNECTOR",\
            "senderName":"WHATSAPP_CONNECTOR","additionalDetail":null},"channelData":{"channelCustomerIdentifier":\
            "+4179\(String(format: "%07d", customer))","serviceIdentifier":"1122","customerFirstName":"Customer",\
            "customerLastName":"Number \(customer)","requestPriority":0,"additionalAttributes":[{"key":"language",\
            "type":"String2000","value":"de-CH"},{"key":"segment","type":"String2000","value":"residential"}]},\
            "language":{"code":"de"},"timestamp":\(1_700_000_000_000 + index * 1000),"securityInfo":{},"stamps":[],\
            "intent":null,"entities":{},"channelSessionId":"cs-\(customer)-\(index / 20)","schedulingMetaData":null,\
            "conversationId":"conv-\(customer)-\(index / 50)","customer":{"_id":"cust-\(customer)","firstName":"Customer",\
            "isAnonymous":false},"originalMessageId":null,"providerMessageId":"wamid.HBgLNDE3OTAwMDAwMDEVAgASGBQzQTU\(index)"},\
            "body":{"type":"PLAIN","markdownText":"\(texts[index % texts.count]) (ref \(index))"}}
            """
    }
}
