/// The fields a Codable model of a CIM message decodes, for the Foundation JSONDecoder
/// baseline (what a team would write first).
struct CodableMessage: Decodable {
    struct Header: Decodable {
        struct Sender: Decodable {
            let id: String
            let type: String
            let senderName: String?
        }
        struct ChannelData: Decodable {
            struct Attribute: Decodable {
                let key: String
                let type: String?
                let value: String?
            }
            let channelCustomerIdentifier: String?
            let serviceIdentifier: String?
            let customerFirstName: String?
            let customerLastName: String?
            let requestPriority: Int?
            let additionalAttributes: [Attribute]?
        }
        struct Customer: Decodable {
            let _id: String?
            let firstName: String?
            let isAnonymous: Bool?
        }
        let sender: Sender
        let channelData: ChannelData?
        let timestamp: Int64?
        let intent: String?
        let channelSessionId: String?
        let conversationId: String?
        let customer: Customer?
        let providerMessageId: String?
    }
    struct Body: Decodable {
        let type: String
        let markdownText: String?
    }
    let id: String
    let header: Header
    let body: Body
}
