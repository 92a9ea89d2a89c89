import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

@Suite struct EventFeedTests {
    /// schemathesis found that the last possible position crashed the server (the read after
    /// it overflowed); positions are 64-bit, so every one of them is a valid `after`.
    @Test func theLastPossiblePositionIsAnEmptyPageNotACrash() async throws {
        try await withServer { client, _ in
            _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1"))
            for after in [UInt64.max, UInt64.max - 1] {
                let page = try await client.get("/v1/events?after=\(after)&limit=1")
                #expect(page.status == 200)
                #expect((page.json["events"] as? [[String: Any]])?.isEmpty == true)
            }
            let past = try await client.get("/v1/activities/m-1?minPosition=\(UInt64.max)")
            #expect(past.status == 400)
            #expect(past.text.contains("beyond the log head 1"))
            #expect(try await client.get("/healthz").status == 200, "the server still answers")
        }
    }

    @Test func theFeedReturnsEventsInPositionOrderWithTheMessageAsAccepted() async throws {
        try await withServer { client, _ in
            for index in 1...5 {
                _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-\(index)", text: "text \(index)"))
            }
            let page = try await client.get("/v1/events?after=1&limit=3")
            #expect(page.status == 200)
            let events = try #require(page.json["events"] as? [[String: Any]])
            #expect(events.map { $0["position"] as? Int } == [2, 3, 4])
            #expect(events.map { $0["type"] as? String } == ["CUSTOMER_MESSAGE", "CUSTOMER_MESSAGE", "CUSTOMER_MESSAGE"])
            #expect(events.allSatisfy { ($0["recordedAt"] as? Int ?? 0) > 1_700_000_000_000 })
            let message = try #require(events.first?["message"] as? [String: Any])
            #expect(message["id"] as? String == "m-2")
            #expect((message["body"] as? [String: Any])?["markdownText"] as? String == "text 2")
            #expect(page.json["nextAfter"] as? Int == 4)
            #expect(page.text.contains(CIMFixtures.plainMessage(id: "m-3", text: "text 3")), "the message bytes are spliced verbatim")

            let rest = try await client.get("/v1/events?after=4")
            #expect((rest.json["events"] as? [[String: Any]])?.count == 1)
            #expect(rest.json["nextAfter"] as? Int == 5)
            let end = try await client.get("/v1/events?after=5")
            #expect((end.json["events"] as? [[String: Any]])?.isEmpty == true)
            #expect(end.json["nextAfter"] as? Int == 5)
        }
    }

    @Test(arguments: ["after=-1", "after=abc", "limit=0", "limit=1001", "limit=2.5"])
    func badParametersAreA400NamingTheParameter(query: String) async throws {
        try await withServer { client, _ in
            let response = try await client.get("/v1/events?\(query)")
            #expect(response.status == 400)
            let errors = try #require(response.json["errors"] as? [[String: String]])
            #expect(errors.first?["field"] == String(query.prefix { $0 != "=" }))
        }
    }

    @Test func healthReportsTheLogHeadAndTheProjectionLag() async throws {
        try await withServer { client, server in
            let unsigned = #""webhooks":{"unsigned":["chatwoot","twilio"]}"#
            let empty = #"{"status":"ok","logHead":0,"projectionsApplied":0,"projectionLag":0,"#
            #expect(try await client.get("/healthz").text == empty + unsigned + "}")
            _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1"))
            #expect(await server.runner.waitUntilApplied(1, timeout: .seconds(10)))
            let one = #"{"status":"ok","logHead":1,"projectionsApplied":1,"projectionLag":0,"#
            #expect(try await client.get("/healthz").text == one + unsigned + "}")
        }
    }

    @Test func unknownRoutesAndMethodsAreProblems() async throws {
        try await withServer { client, _ in
            let missing = try await client.get("/v2/nothing")
            #expect(missing.status == 404)
            #expect(missing.headers["content-type"] == "application/problem+json")
            let wrongMethod = try await client.send("DELETE", "/ccm/message/receive")
            #expect((400..<500).contains(wrongMethod.status))
        }
    }
}
