import Foundation
import StoreTesting
import Testing

/// A message whose `header.additionalData.isEncoded` is `true` carries base64 text: the
/// timeline, the summary and search read the decoded text, the log keeps the bytes as posted,
/// and text that is not base64 of UTF-8 is shown as received.
@Suite struct EncodedTextTests {
    private static func encoded(id: String, text: String, flag: String = "true") -> String {
        #"{"id": "\#(id)", "header": {"sender": {"id": "web-1", "type": "CONNECTOR", "senderName": "WEB"}, "#
            + #""channelData": {"channelCustomerIdentifier": "+41795551234", "serviceIdentifier": "1122"}, "timestamp": 1700000000000, "#
            + #""additionalData": {"isEncoded": \#(flag)}}, "body": {"type": "PLAIN", "markdownText": "\#(text)"}}"#
    }

    @Test func encodedTextReadsAsTextAndTheLogKeepsItAsPosted() async throws {
        try await withServer { client, _ in
            let posted = Self.encoded(id: "enc-1", text: "aGVsbG8=")
            let accepted = try await client.postJSON("/ccm/message/receive", posted)
            #expect(accepted.status == 202, "\(accepted.text)")
            let position = try #require(accepted.json["position"] as? Int)
            for (id, text, flag) in [("enc-2", "not base64!", "true"), ("enc-3", "aGVsbG8=", "false"), ("enc-4", "/w==", "\"true\"")] {
                let response = try await client.postJSON("/ccm/message/receive", Self.encoded(id: id, text: text, flag: flag))
                #expect(response.status == 202, "\(id): \(response.text)")
            }

            let lookup = try await client.get("/v1/customers?channelCustomerIdentifier=%2B41795551234&minPosition=4")
            let customer = try #require((lookup.json["customers"] as? [[String: Any]])?.first?["customerId"] as? String)
            let page = try await client.get("/v1/customers/\(customer)/activities?order=asc")
            let summaries = try #require(page.json["activities"] as? [[String: Any]]).map { $0["summary"] as? String ?? "" }
            // Encoded and decodable; encoded but not base64; not encoded; base64 of bytes that are not UTF-8.
            #expect(summaries == ["hello", "not base64!", "aGVsbG8=", "/w=="])

            let search = try await client.get("/v1/search?q=hello")
            let found = try #require(search.json["activities"] as? [[String: Any]]).map { $0["messageId"] as? String ?? "" }
            #expect(found == ["enc-1"], "\(search.text.prefix(300))")

            let events = try await client.get("/v1/events?after=\(position - 1)&limit=1")
            let raw = events.text
            #expect(raw.contains(#""markdownText": "aGVsbG8=""#) || raw.contains(#""markdownText":"aGVsbG8=""#), "\(raw.prefix(400))")
            let stored = try #require((events.json["events"] as? [[String: Any]])?.first?["message"] as? [String: Any])
            let original = try #require(try JSONSerialization.jsonObject(with: Data(posted.utf8)) as? [String: Any])
            #expect(NSDictionary(dictionary: stored).isEqual(to: original), "the feed's message differs from the one posted")
        }
    }
}
