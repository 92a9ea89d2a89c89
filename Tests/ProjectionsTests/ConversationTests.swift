import Foundation
import StoreTesting
import Testing

@Suite struct ConversationTests {
    private let customer = MessageBuilder().with {
        $0.customerID = "cust-1"
        $0.conversationID = "conv-1"
        $0.sessionID = "cs-1"
    }

    @Test func aWrapUpClosesTheConversationAndIsRecorded() async throws {
        try await withHistory { history in
            try await history.post(customer.with { $0.timestamp = 1000 }.plain(id: "c1", text: "hello"))
            let agent = customer.with {
                $0.senderType = "AGENT"
                $0.senderID = "agent-7"
                $0.identifier = nil
            }
            try await history.post(agent.with { $0.timestamp = 2000 }.plain(id: "a1", text: "how can I help?"))
            let active = try await history.json("/v1/conversations/conv-1")
            #expect((active["conversation"] as? [String: Any])?["status"] as? String == "ACTIVE")

            try await history.post(
                agent.with { $0.timestamp = 3000 }.message(
                    id: "w1", body: #""type": "WRAPUP", "wrapups": [{"categoryName": "Billing", "value": "refund"}], "note": "sent form""#))
            let closed = try await history.json("/v1/conversations/conv-1")
            let conversation = try #require(closed["conversation"] as? [String: Any])
            #expect(conversation["status"] as? String == "CLOSED")
            #expect(conversation["closedReason"] as? String == "WRAPUP")
            #expect(conversation["closedAt"] as? Int == 3000)
            #expect(conversation["activityCount"] as? Int == 3)
            #expect(conversation["channels"] as? [String] == ["1122"])
            let participants = try #require(conversation["participants"] as? [[String: Any]])
            #expect(participants.map { $0["type"] as? String } == ["CONNECTOR", "AGENT"])
            let wrapUps = try #require(conversation["wrapUps"] as? [[String: Any]])
            #expect(wrapUps.first?["categoryName"] as? String == "Billing")
            #expect(wrapUps.first?["value"] as? String == "refund")
            #expect(closed.ids == ["c1", "a1", "w1"])
            #expect(closed.activities.last?["summary"] as? String == "Wrap-up: Billing: refund — sent form")
        }
    }

    @Test(arguments: [
        ("END_CHAT", #""type": "PLAIN", "markdownText": "bye""#),
        (nil, #""type": "ACTION", "name": "END_CONVERSATION""#),
    ])
    func endIntentsAndActionsClose(intent: String?, body: String) async throws {
        try await withHistory { history in
            try await history.post(customer.plain(id: "c1", text: "hello"))
            try await history.post(
                customer.with {
                    $0.intent = intent; $0.timestamp += 10
                }.message(id: "end", body: body))
            let conversation = try await history.json("/v1/conversations/conv-1")["conversation"] as? [String: Any]
            #expect(conversation?["status"] as? String == "CLOSED")
        }
    }

    @Test func theEndOfTheLastChannelSessionCloses() async throws {
        try await withHistory { history in
            try await history.post(customer.plain(id: "c1", text: "hello"))
            try await history.post(customer.with { $0.sessionID = "cs-2" }.plain(id: "c2", text: "from the phone"))
            let system = customer.with { $0.senderType = "SYSTEM" }
            try await history.post(system.message(id: "end-1", body: #""type": "NOTIFICATION", "notificationType": "CHANNEL_SESSION_ENDED""#))
            let stillActive = try await history.json("/v1/conversations/conv-1")["conversation"] as? [String: Any]
            #expect(stillActive?["status"] as? String == "ACTIVE")
            try await history.post(
                system.with { $0.sessionID = "cs-2" }.message(
                    id: "end-2", body: #""type": "NOTIFICATION", "notificationType": "CHANNEL_SESSION_EXPIRED""#))
            let closed = try await history.json("/v1/conversations/conv-1")["conversation"] as? [String: Any]
            #expect(closed?["status"] as? String == "CLOSED")
            #expect(closed?["closedReason"] as? String == "CHANNEL_SESSION_EXPIRED")
        }
    }

    @Test func deliveryNotificationsUpdateTheMessageInsteadOfAddingALine() async throws {
        try await withHistory { history in
            try await history.post(customer.plain(id: "c1", text: "hello"))
            let agent = customer.with { $0.senderType = "AGENT" }
            try await history.post(agent.message(id: "d1", body: #""type": "DELIVERYNOTIFICATION", "messageId": "c1", "status": "DELIVERED""#))
            try await history.post(agent.message(id: "d2", body: #""type": "DELIVERYNOTIFICATION", "messageId": "c1", "status": "READ""#))
            let timeline = try await history.json("/v1/customers/cust-1/activities")
            #expect(timeline.ids == ["c1"])
            #expect(timeline.activities.first?["deliveryStatus"] as? String == "READ")
        }
    }

    @Test func aCustomersConversationsArePagedByLastActivity() async throws {
        try await withHistory { history in
            for index in 1...5 {
                try await history.post(
                    customer.with {
                        $0.conversationID = "conv-\(index)"; $0.timestamp = Int64(index) * 1000
                    }.plain(id: "m\(index)", text: "t"))
            }
            try await history.post(
                customer.with {
                    $0.conversationID = "conv-2"; $0.senderType = "AGENT"; $0.timestamp = 9000
                }.message(
                    id: "w", body: #""type": "WRAPUP", "wrapups": [{"value": "done"}]"#))
            let first = try await history.json("/v1/customers/cust-1/conversations?limit=2")
            let ids = (first["conversations"] as? [[String: Any]])?.compactMap { $0["conversationId"] as? String }
            #expect(ids == ["conv-2", "conv-5"])
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try await history.json("/v1/customers/cust-1/conversations?limit=2&cursor=\(cursor)")
            #expect((second["conversations"] as? [[String: Any]])?.compactMap { $0["conversationId"] as? String } == ["conv-4", "conv-3"])
            let closed = try await history.json("/v1/customers/cust-1/conversations?status=CLOSED")
            #expect((closed["conversations"] as? [[String: Any]])?.compactMap { $0["conversationId"] as? String } == ["conv-2"])
        }
    }
}
