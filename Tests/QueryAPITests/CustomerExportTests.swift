import Foundation
import StoreTesting
import Testing

/// `GET /v1/customers/{id}/export`: every activity of the customer, one NDJSON line each with
/// its message as stored, none of another customer's; admin only; `404` once erased.
@Suite struct CustomerExportTests {
    @Test func theExportHoldsEveryActivityOfTheCustomerAndNothingElse() async throws {
        try await withServer(maximumBodySize: 8 << 20) { client, _ in
            let mine = MessageBuilder().with { $0.identifier = "+41795550001" }
            let other = MessageBuilder().with { $0.identifier = "+41795550002" }
            let count = 10_000
            var sent = 0
            var last = 0
            while sent < count {
                let lines = (sent..<min(count, sent + 500)).flatMap { index in
                    [mine.plain(id: "export-\(index)", text: "line \(index)"), other.plain(id: "other-\(index)", text: "not theirs \(index)")]
                }
                let response = try await client.send(
                    "POST", "/ccm/message/receive/batch", body: Array(lines.joined(separator: "\n").utf8),
                    headers: [("Content-Type", "application/x-ndjson")])
                #expect(response.status == 202, "\(response.text.prefix(300))")
                last = Int(response.headers["cx-log-position"] ?? "") ?? last
                sent += 500
            }
            let lookup = try await client.get("/v1/customers?channelCustomerIdentifier=%2B41795550001&minPosition=\(last)")
            let customer = try #require((lookup.json["customers"] as? [[String: Any]])?.first?["customerId"] as? String)

            let export = try await client.get("/v1/customers/\(customer)/export")
            #expect(export.status == 200)
            #expect(export.headers["content-type"] == "application/x-ndjson")
            #expect(export.headers["content-disposition"]?.contains("attachment") == true)
            let lines = export.text.split(separator: "\n")
            #expect(lines.count == count)
            var ids = Set<String>()
            var previous = 0
            for line in lines {
                let activity = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let id = activity["messageId"] as? String ?? ""
                ids.insert(id)
                let position = activity["position"] as? Int ?? 0
                #expect(position > previous)
                previous = position
                let message = activity["message"] as? [String: Any]
                #expect(message?["id"] as? String == id, "the line carries its message as stored")
            }
            #expect(ids == Set((0..<count).map { "export-\($0)" }))
            #expect(!export.text.contains("not theirs"))

            let erased = try await client.send("DELETE", "/v1/customers/\(customer)?reason=export-test")
            #expect(erased.status == 200, "\(erased.text)")
            let gone = try await client.get("/v1/customers/\(customer)/export")
            #expect(gone.status == 404, "\(gone.text.prefix(200))")
            let unknown = try await client.get("/v1/customers/nobody-at-all/export")
            #expect(unknown.status == 404)
        }
    }
}
