import Foundation
import Projections
import StoreTesting
import Testing

@Suite struct TimelineTests {
    @Test func aCustomerFoundByChannelIdentityHasATimelineNewestFirst() async throws {
        try await withHistory { history in
            let builder = MessageBuilder()
            for index in 1...3 {
                try await history.post(
                    builder.with { $0.timestamp = 1_700_000_000_000 + Int64(index) * 1000 }.plain(id: "m-\(index)", text: "text \(index)"))
            }
            let found = try await history.json("/v1/customers?channelCustomerIdentifier=%2B41790000001")
            let customers = try #require(found["customers"] as? [[String: Any]])
            #expect(customers.count == 1)
            let customer = customers[0]
            let id = try #require(customer["customerId"] as? String)
            #expect(id.hasPrefix("cx-"))
            #expect(customer["activityCount"] as? Int == 3)
            #expect(customer["firstActivityAt"] as? Int == 1_700_000_001_000)
            #expect((customer["identities"] as? [[String: Any]])?.first?["serviceIdentifier"] as? String == "1122")

            let timeline = try await history.json("/v1/customers/\(id)/activities")
            #expect(timeline.ids == ["m-3", "m-2", "m-1"])
            #expect(timeline["nextCursor"] is NSNull)
            let first = try #require(timeline.activities.first)
            #expect(first["type"] as? String == "CUSTOMER_MESSAGE")
            #expect(first["summary"] as? String == "text 3")
            #expect(first["occurredAt"] as? Int == 1_700_000_003_000)
            #expect((first["sender"] as? [String: Any])?["type"] as? String == "CONNECTOR")
            #expect((first["message"] as? [String: Any])?["id"] as? String == "m-3")

            let ascending = try await history.json("/v1/customers/\(id)/activities?order=asc&limit=2")
            #expect(ascending.ids == ["m-1", "m-2"])
            let cursor = try #require(ascending["nextCursor"] as? String)
            let rest = try await history.json("/v1/customers/\(id)/activities?order=asc&limit=2&cursor=\(cursor)")
            #expect(rest.ids == ["m-3"])
        }
    }

    @Test func theSameIdentityGetsTheSameDerivedIDInAnyStore() async throws {
        var ids: [String] = []
        for _ in 0..<2 {
            try await withHistory { history in
                try await history.post(MessageBuilder().plain(id: "m-1", text: "hi"))
                let found = try await history.json("/v1/customers?channelCustomerIdentifier=%2B41790000001")
                ids.append((found["customers"] as? [[String: Any]])?.first?["customerId"] as? String ?? "")
            }
        }
        #expect(ids[0] == ids[1])
        #expect(ids[0].hasPrefix("cx-") && ids[0].count == 23 && ids[0].dropFirst(3).allSatisfy(\.isHexDigit))
    }

    @Test func filtersNarrowTheTimeline() async throws {
        try await withHistory { history in
            let base = MessageBuilder().with { $0.customerID = "cust-1" }
            try await history.post(
                base.with {
                    $0.conversationID = "conv-a"; $0.timestamp = 1000
                }.plain(id: "a1", text: "a"))
            try await history.post(
                base.with {
                    $0.conversationID = "conv-b"; $0.timestamp = 2000
                }.plain(id: "b1", text: "b"))
            try await history.post(
                base.with {
                    $0.conversationID = "conv-b"; $0.senderType = "AGENT"; $0.senderID = "agent-7"; $0.timestamp = 3000
                }.plain(id: "b2", text: "agent"))
            try await history.post(
                base.with {
                    $0.sessionID = "cs-1"; $0.timestamp = 4000
                }.plain(id: "s1", text: "s"))

            #expect(try await history.json("/v1/customers/cust-1/activities?conversationId=conv-b").ids == ["b2", "b1"])
            #expect(try await history.json("/v1/customers/cust-1/activities?type=AGENT_MESSAGE").ids == ["b2"])
            #expect(try await history.json("/v1/customers/cust-1/activities?type=AGENT_MESSAGE,CUSTOMER_MESSAGE&limit=10").ids.count == 4)
            #expect(try await history.json("/v1/customers/cust-1/activities?channelSessionId=cs-1").ids == ["s1"])
            #expect(try await history.json("/v1/customers/cust-1/activities?from=2000&to=4000").ids == ["b2", "b1"])
            #expect(try await history.json("/v1/customers/cust-1/activities?from=1970-01-01T00:00:03Z").ids == ["s1", "b2"])
        }
    }

    @Test func badParametersAndUnknownIDsAreProblems() async throws {
        try await withHistory { history in
            try await history.post(MessageBuilder().with { $0.customerID = "cust-1" }.plain(id: "m-1", text: "hi"))
            for path in [
                "/v1/customers/cust-1/activities?cursor=garbage", "/v1/customers/cust-1/activities?limit=0",
                "/v1/customers/cust-1/activities?order=sideways", "/v1/customers/cust-1/activities?from=yesterday",
                "/v1/customers", "/v1/customers/cust-1/conversations?status=OPEN",
            ] {
                let response = try await history.read(path)
                #expect(response.status == 400, "\(path)")
                #expect(response.headers["content-type"] == "application/problem+json")
            }
            for path in ["/v1/customers/nobody", "/v1/customers/nobody/activities", "/v1/conversations/none", "/v1/activities/none"] {
                #expect(try await history.read(path).status == 404, "\(path)")
            }
            let page = try await history.json("/v1/customers/cust-1/activities?order=desc&limit=1")
            #expect(page["nextCursor"] is NSNull)
        }
    }

    @Test func aCursorFromOneOrderIsRefusedForTheOther() async throws {
        try await withHistory { history in
            let builder = MessageBuilder().with { $0.customerID = "cust-1" }
            for index in 1...3 { try await history.post(builder.with { $0.timestamp = Int64(index) }.plain(id: "m-\(index)", text: "t")) }
            let page = try await history.json("/v1/customers/cust-1/activities?limit=1")
            let cursor = try #require(page["nextCursor"] as? String)
            let response = try await history.read("/v1/customers/cust-1/activities?order=asc&cursor=\(cursor)")
            #expect(response.status == 400)
            #expect(response.text.contains("order=desc"))
        }
    }

    @Test func readYourWritesWaitsAndAnswersTheAppliedPosition() async throws {
        try await withHistory { history in
            try await history.post(MessageBuilder().with { $0.customerID = "cust-1" }.plain(id: "m-1", text: "hi"))
            let response = try await history.read("/v1/activities/m-1")
            #expect(response.status == 200)
            #expect(Int(response.headers["cx-applied-position"] ?? "") ?? 0 >= 1)
            let future = try await history.client.get("/v1/activities/m-1?minPosition=999")
            #expect(future.status == 400, "no ingest answered a position past the head: waiting could not help")
            #expect(future.text.contains("beyond the log head 1"))
        }
    }

    @Test func pagesNeitherRepeatNorSkipWhileIngestRuns() async throws {
        try await withHistory { history in
            let builder = MessageBuilder().with { $0.customerID = "cust-1" }
            for index in 0..<60 {
                try await history.post(builder.with { $0.timestamp = 1_700_000_000_000 + Int64(index) * 10 }.plain(id: "old-\(index)", text: "t"))
            }
            let snapshot = history
            let writer = Task {
                for index in 0..<40 {
                    _ = try await snapshot.client.postJSON(
                        "/ccm/message/receive", builder.with { $0.timestamp = 1_800_000_000_000 + Int64(index) }.plain(id: "new-\(index)", text: "t"))
                }
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await history.json("/v1/customers/cust-1/activities?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += page.ids
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            try await writer.value
            let old = seen.filter { $0.hasPrefix("old-") }
            #expect(Set(seen).count == seen.count, "a page repeated an activity")
            #expect(old == (0..<60).reversed().map { "old-\($0)" }, "every activity older than the first page, once, in order")
        }
    }
}
