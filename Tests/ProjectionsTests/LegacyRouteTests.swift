import Foundation
import StoreTesting
import Testing

@Suite struct LegacyRouteTests {
    @Test func offsetCountsPagesAndDocsHaveTheVendorShape() async throws {
        try await withHistory { history in
            let builder = MessageBuilder().with { $0.customerID = "cust-1" }
            for index in 1...5 {
                try await history.post(builder.with { $0.timestamp = Int64(index) * 1000 }.plain(id: "m\(index)", text: "t\(index)"))
            }
            let path = "/conversation-manager/customer-topics/customer/cust-1/activities?limit=2&activity-type=ALL"
            let first = try await history.json(path + "&offset=0")
            let second = try await history.json(path + "&offset=1")
            let third = try await history.json(path + "&offset=2")
            let beyond = try await history.json(path + "&offset=3")
            func ids(_ page: [String: Any]) -> [String] { (page["docs"] as? [[String: Any]])?.compactMap { $0["_id"] as? String } ?? [] }
            #expect(ids(first) == ["m5", "m4"])
            #expect(ids(second) == ["m3", "m2"])
            #expect(ids(third) == ["m1"])
            #expect(ids(beyond).isEmpty)
            #expect(first["totalDocs"] as? Int == 5)
            let doc = try #require((first["docs"] as? [[String: Any]])?.first)
            let activity = try #require(doc["activity"] as? [String: Any])
            #expect(activity["name"] as? String == "CUSTOMER_MESSAGE")
            #expect((activity["eventEmitter"] as? [String: Any])?["type"] as? String == "CUSTOMER")
            #expect((activity["data"] as? [String: Any])?["id"] as? String == "m5")
            #expect(doc["customerId"] as? String == "cust-1")
        }
    }
}
