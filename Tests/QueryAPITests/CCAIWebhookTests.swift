import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct CCAIWebhookTests {
    private static let route = "/webhooks/ccai/calls"

    @Test func everyReferenceCallObjectIsStoredOnItsEndUsersTimeline() async throws {
        try await withServer { client, server in
            var outcomes: [String] = []
            for name in WebhookFixtures.ccaiReferenceCalls {
                let response = try await client.postJSON(Self.route, try WebhookFixtures.bytes(name))
                #expect(response.status == 202, "\(name): \(response.text)")
                let result = try #require((response.json["results"] as? [[String: Any]])?.first)
                let duplicate = try #require(result["duplicate"] as? Bool)
                outcomes.append("\(result["callId"] ?? "")|\(result["status"] ?? "")|\(result["position"] ?? "")|\(duplicate)")
            }
            // 397, 398 and 515 appear twice in the reference, differing only in an avatar or a
            // time that does not change the call's state: duplicates of the first.
            #expect(
                outcomes == [
                    "0|scheduled|1|false", "397|assigned|2|false", "398|assigned|3|false", "397|assigned|2|true", "398|assigned|3|true",
                    "515|queued|4|false", "519|queued|5|false", "515|queued|4|true",
                ])
            #expect(server.log.head == 5)

            let lockStar = try await timeline(of: "ccai:end-user:75", client: client)
            #expect(lockStar == ["VOICE_ACTIVITY|Inbound call queued for Lock Star", "VOICE_ACTIVITY|Inbound call queued for Lock Star"])
            #expect(try await timeline(of: "ccai:end-user:67", client: client) == ["VOICE_ACTIVITY|Outbound call assigned to Admin UJET"])
            #expect(
                try await timeline(of: "ccai:end-user:0", client: client) == [
                    "VOICE_ACTIVITY|Call scheduled for 2018-06-07T19:49:52.896Z; transferred to string"
                ])

            // 397 names no end user (end_user and the participant's end_user_id are null): it is
            // kept in its call and conversation, on no customer's timeline.
            let unattributed = try await client.get("/v1/calls/397")
            #expect(unattributed.json["status"] as? String == "assigned")
            #expect(unattributed.json["agent"] as? String == "Admin UJET")
            #expect(unattributed.json["customerId"] is NSNull)
            #expect(unattributed.json["conversationId"] as? String == "ccai:call:397")
            let conversation = try await client.get("/v1/conversations/ccai:call:397")
            #expect(conversation.status == 200)
        }
    }

    @Test func aCallsStatesAreItsHistoryAndItsStateIsTheOneThatHappenedLast() async throws {
        try await withServer { client, server in
            let queued = try WebhookFixtures.object("ccai-reference-line1384-call515-queued")
            var assigned = queued
            assigned["status"] = "assigned"
            assigned["assigned_at"] = "2019-09-10T00:19:30.000Z"
            assigned["agent_info"] = ["id": 1, "name": "Admin UJET"]
            var connected = assigned
            connected["status"] = "Connected"
            connected["connected_at"] = "2019-09-10T00:19:33.000Z"
            connected["wait_duration"] = 19
            var finished = connected
            finished["status"] = "finished"
            finished["ends_at"] = "2019-09-10T00:23:05.000Z"
            finished["call_duration"] = 212
            finished["hold_duration"] = 20
            for state in [queued, assigned, connected, finished] {
                let response = try await client.postJSON(Self.route, try WebhookFixtures.json(state))
                #expect(response.status == 202, "\(response.text)")
            }
            var lateConnected = connected
            lateConnected["wait_duration"] = 20
            let redelivered = try await client.postJSON(Self.route, try WebhookFixtures.json(lateConnected))
            #expect((redelivered.json["results"] as? [[String: Any]])?.first?["duplicate"] as? Bool == true)
            #expect(server.log.head == 4)

            let call = try await client.get("/v1/calls/515?minPosition=4")
            #expect(call.json["provider"] as? String == "ccai-platform")
            #expect(call.json["status"] as? String == "finished")
            #expect(call.json["agent"] as? String == "Admin UJET")
            #expect(call.json["menuPath"] as? String == "Lock Star")
            #expect(call.json["waitSeconds"] as? Int == 19)
            #expect(call.json["talkSeconds"] as? Int == 212)
            #expect(call.json["holdSeconds"] as? Int == 20)
            let history = try #require(call.json["history"] as? [[String: Any]])
            #expect(
                history.map { "\($0["type"] ?? "")|\($0["summary"] ?? "")" } == [
                    "VOICE_ACTIVITY|Inbound call queued for Lock Star",
                    "VOICE_ACTIVITY|Inbound call assigned to Admin UJET",
                    "CALL_LEG_STARTED|Inbound call connected with Admin UJET after waiting 19s",
                    "CALL_LEG_ENDED|Inbound call finished with Admin UJET after 3m 32s (on hold 20s)",
                ])
            let conversation = try await client.get("/v1/conversations/ccai:call:515")
            #expect((conversation.json["conversation"] as? [String: Any])?["status"] as? String == "CLOSED")

            // A state that happened earlier but arrives late joins the history without moving
            // the call back.
            var connecting = assigned
            connecting["status"] = "connecting"
            let late = try await client.postJSON(Self.route, try WebhookFixtures.json(connecting))
            #expect(late.status == 202)
            let after = try await client.get("/v1/calls/515?minPosition=5")
            #expect(after.json["status"] as? String == "finished")
            #expect((after.json["history"] as? [[String: Any]])?.count == 5)
        }
    }

    @Test func failuresAndTransfersAreNamed() async throws {
        try await withServer { client, _ in
            var failed = try WebhookFixtures.object("ccai-reference-line1537-call519-queued")
            failed["status"] = "failed"
            failed["fail_reason"] = "no_answer"
            failed["fail_details"] = "the agent did not pick up"
            failed["ends_at"] = "2019-09-10T00:25:00.000Z"
            var transferred = try WebhookFixtures.object("ccai-reference-line389-call398-assigned")
            transferred["status"] = "connected"
            transferred["transfers"] = [
                [
                    "id": 7, "status": "transferring", "fail_reason": "nothing", "created_at": "2019-06-07T01:30:00.000Z",
                    "from_menu": NSNull(), "to_menu": ["name": "Billing"], "from_agent": NSNull(), "to_agent": NSNull(),
                ]
            ]
            let response = try await client.postJSON(Self.route, try WebhookFixtures.json([failed, transferred]))
            #expect(response.status == 202, "\(response.text)")
            #expect(response.json["accepted"] as? Int == 2)

            let failedCall = try await client.get("/v1/calls/519?minPosition=2")
            #expect(failedCall.json["status"] as? String == "failed")
            #expect(failedCall.json["failReason"] as? String == "no_answer")
            let failedSummary = (failedCall.json["history"] as? [[String: Any]])?.last?["summary"] as? String
            #expect(failedSummary == "Inbound call failed: no answer — the agent did not pick up")

            let transferredCall = try await client.get("/v1/calls/398")
            #expect(transferredCall.json["transferCount"] as? Int == 1)
            let transferSummary = (transferredCall.json["history"] as? [[String: Any]])?.last?["summary"] as? String
            #expect(transferSummary == "Outbound call connected with Admin UJET; transferred to Billing")
        }
    }

    @Test(arguments: [
        (#"{"status": "queued"}"#, "id"),
        (#"{"id": "abc", "status": "queued"}"#, "id"),
        (#"{"id": 1}"#, "status"),
        (#"{"id": 1, "status": "ringing"}"#, "status"),
        (#"{"id": 1, "status": 3}"#, "status"),
        (#"{"id": 1, "status": "queued", "agent_info": "Admin"}"#, "agent_info"),
        (#"{"id": 1, "status": "queued", "queued_at": "yesterday"}"#, "queued_at"),
        (#"{"id": 1, "status": "queued", "transfers": {}}"#, "transfers"),
        (#"{"id": 114, "chat_type": "Messaging (SMS)", "status": "selecting"}"#, "chat_type"),
        (#"[{"id": 1, "status": "queued"}, {"id": 2, "status": "dialing"}]"#, "[1].status"),
        (#"[{"id": 1, "status": "queued"}, 7]"#, "[1]"),
        ("[]", ""),
        (#""queued""#, ""),
    ])
    func aCallObjectThatCannotBeReadIsRefusedAndNothingIsStored(body: String, field: String) async throws {
        try await withServer { client, server in
            let response = try await client.postJSON(Self.route, body)
            #expect(response.status == 400, "\(response.text)")
            #expect(response.json["title"] as? String == "Invalid webhook")
            let errors = try #require(response.json["errors"] as? [[String: String]])
            #expect(errors.contains { $0["field"] == field }, "\(errors)")
            #expect(server.log.head == 0)
        }
    }

    @Test func theReferenceChatObjectIsNotACall() async throws {
        try await withServer { client, server in
            let response = try await client.postJSON(Self.route, try WebhookFixtures.bytes("ccai-reference-line2334-chat114"))
            #expect(response.status == 400)
            #expect((response.json["errors"] as? [[String: String]])?.first?["field"] == "chat_type")
            #expect(server.log.head == 0)
        }
    }

    /// `type|summary` of the timeline of the customer with channel identity `identifier`.
    private func timeline(of identifier: String, client: HTTPTestClient) async throws -> [String] {
        let encoded = try #require(identifier.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let lookup = try await client.get("/v1/customers?minPosition=5&channelCustomerIdentifier=\(encoded)")
        let customerID = try #require((lookup.json["customers"] as? [[String: Any]])?.first?["customerId"] as? String)
        let page = try await client.get("/v1/customers/\(customerID)/activities?order=asc")
        return try #require(page.json["activities"] as? [[String: Any]]).map { "\($0["type"] ?? "")|\($0["summary"] ?? "")" }
    }
}
