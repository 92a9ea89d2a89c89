import CIM
import EventLog
import Foundation
import Projections
import QueryAPI
import StoreTesting
import Testing

@Suite struct VoiceWebhookTests {
    private static let route = "/webhooks/8x8/voice"

    @Test func theReferenceSessionLandsOnTheCallersTimelineWithReadableSummaries() async throws {
        try await withServer { client, server in
            for (index, name) in WebhookFixtures.eightByEightSession.enumerated() {
                let response = try await client.postJSON(Self.route, try WebhookFixtures.bytes(name))
                #expect(response.status == 200, "\(name): \(response.text)")
                #expect(response.text == #"{"callflow":[]}"#)
                #expect(response.headers["cx-log-position"] == String(index + 1))
                #expect(response.headers["cx-duplicate"] == "false")
            }
            #expect(server.log.head == 6)

            let lookup = try await client.get("/v1/customers?minPosition=6&channelCustomerIdentifier=%2B6599999999")
            let customers = try #require(lookup.json["customers"] as? [[String: Any]])
            #expect(customers.count == 1)
            let customerID = try #require(customers.first?["customerId"] as? String)
            let identities = try #require(customers.first?["identities"] as? [[String: Any]])
            #expect(identities.first?["serviceIdentifier"] as? String == "+6391111111111")

            let timeline = try await client.get("/v1/customers/\(customerID)/activities?order=asc")
            let activities = try #require(timeline.json["activities"] as? [[String: Any]])
            #expect(
                activities.map { "\($0["type"] ?? "")|\($0["summary"] ?? "")" } == [
                    "VOICE_ACTIVITY|Calling +6599999999",
                    "CALL_LEG_STARTED|Call connected",
                    "VOICE_ACTIVITY|Caller pressed 3",
                    "VOICE_ACTIVITY|Caller pressed 2 (menu main_menu)",
                    "IVR_AGGREGATED_ACTIVITY|IVR: Menu 1 > main_menu → transferred (55s)",
                    "CALL_LEG_ENDED|Call ended after 47s",
                ])
            #expect(Set(activities.compactMap { $0["conversationId"] as? String }) == [WebhookFixtures.referenceSessionID])

            let journey = try #require(activities.first { $0["type"] as? String == "IVR_AGGREGATED_ACTIVITY" })
            let body = try #require((journey["message"] as? [String: Any])?["body"] as? [String: Any])
            let menus = try #require(body["activities"] as? [[String: Any]])
            #expect(menus.map { "\($0["menu"] ?? "")=\($0["selection"] ?? "")" } == ["Menu 1=3", "main_menu=2"])
            #expect(body["endDirection"] as? String == "TRANSFER")
            #expect(body["callId"] as? String == WebhookFixtures.referenceCallID)

            let dtmf = try #require(activities.first { ($0["summary"] as? String) == "Caller pressed 3" })
            let detail = try #require(((dtmf["message"] as? [String: Any])?["body"] as? [String: Any])?["additionalDetail"] as? [String: Any])
            let kept = try #require(detail["webhook"] as? [String: Any])
            #expect(NSDictionary(dictionary: kept) == NSDictionary(dictionary: try WebhookFixtures.object("8x8-reference-vca-dtmf")))

            let call = try await client.get("/v1/calls/\(WebhookFixtures.referenceCallID)")
            #expect(call.status == 200)
            #expect(call.json["provider"] as? String == "8x8-voice")
            #expect(call.json["customerId"] as? String == customerID)
            #expect(call.json["status"] as? String == "CALL_DISCONNECTED")
            #expect(call.json["talkSeconds"] as? Int == 47)
            #expect(call.json["menuPath"] as? String == "Menu 1 > main_menu")
            #expect((call.json["history"] as? [[String: Any]])?.count == 6)
        }
    }

    @Test func everyRedeliveryIsADuplicateAtItsFirstPosition() async throws {
        try await withServer { client, server in
            for name in WebhookFixtures.eightByEightSession {
                _ = try await client.postJSON(Self.route, try WebhookFixtures.bytes(name))
            }
            var late = try WebhookFixtures.object("8x8-reference-vca-dtmf")
            var payload = try #require(late["payload"] as? [String: Any])
            payload["eventId"] = "late-event"
            payload["dtmf"] = "9"
            late["payload"] = payload
            let lateResponse = try await client.postJSON(Self.route, try WebhookFixtures.json(late))
            #expect(lateResponse.headers["cx-log-position"] == "7")

            for (index, name) in WebhookFixtures.eightByEightSession.enumerated() {
                let again = try await client.postJSON(Self.route, try WebhookFixtures.bytes(name))
                #expect(again.status == 200)
                #expect(again.headers["cx-duplicate"] == "true", "\(name)")
                #expect(again.headers["cx-log-position"] == String(index + 1), "\(name)")
                #expect(again.text == #"{"callflow":[]}"#)
            }
            #expect(server.log.head == 7)
        }
    }

    @Test func aLegBridgedToAnAgentBelongsToTheSessionsCustomer() async throws {
        try await withServer { client, server in
            for name in WebhookFixtures.eightByEightSession.prefix(3) {
                _ = try await client.postJSON(Self.route, try WebhookFixtures.bytes(name))
            }
            #expect(await server.runner.waitUntilApplied(3, timeout: .seconds(10)))
            var legB = try WebhookFixtures.object("8x8-call-status-initiated")
            var payload = try #require(legB["payload"] as? [String: Any])
            payload["eventId"] = "leg-b-initiated"
            payload["callId"] = "e0b1f4d2-9a40-11ee-b57c-09a88813d857"
            payload["source"] = "+6561115777"
            payload["destination"] = "+6512345678"
            payload["timestamp"] = "2023-12-14T05:23:22.000Z"
            legB["payload"] = payload
            let response = try await client.postJSON(Self.route, try WebhookFixtures.json(legB))
            #expect(response.status == 200)

            let agent = try await client.get("/v1/customers?minPosition=4&channelCustomerIdentifier=%2B6512345678")
            #expect((agent.json["customers"] as? [[String: Any]])?.isEmpty == true)
            let caller = try await client.get("/v1/customers?channelCustomerIdentifier=%2B6599999999")
            let customer = try #require((caller.json["customers"] as? [[String: Any]])?.first)
            #expect(customer["activityCount"] as? Int == 4)
            let leg = try await client.get("/v1/calls/e0b1f4d2-9a40-11ee-b57c-09a88813d857")
            #expect(leg.json["customerId"] as? String == customer["customerId"] as? String)
        }
    }

    @Test func sendersThatDifferAreReadWhereTheMeaningIsClear() async throws {
        try await withServer { client, server in
            var variant = try WebhookFixtures.object("8x8-reference-vca-dtmf")
            var payload = try #require(variant["payload"] as? [String: Any])
            payload["callStatus"] = "CALL_PARKED"
            payload["callDirection"] = "outbound"
            payload["dtmf"] = 5
            payload["eventId"] = nil
            payload["callId"] = nil
            variant["payload"] = payload
            let response = try await client.postJSON(Self.route, try WebhookFixtures.json(variant))
            #expect(response.status == 200, "\(response.text)")
            let id = try #require(response.headers["cx-message-id"])
            #expect(id.hasPrefix("8x8:call_parked:"))
            let activity = try await client.get("/v1/activities/\(id)?minPosition=1")
            #expect(activity.status == 200, "\(activity.text)")
            #expect(activity.json["summary"] as? String == "Call status: call parked")
            #expect(activity.json["conversationId"] as? String == WebhookFixtures.referenceSessionID)
            let call = try await client.get("/v1/calls/\(WebhookFixtures.referenceSessionID)")
            #expect(call.json["status"] as? String == "CALL_PARKED")
            #expect(server.log.head == 1)
        }
    }

    @Test(arguments: [
        ("not json", "", "Malformed JSON"),
        (#"[{"eventType": "CALL_ACTION"}]"#, "", "Invalid webhook"),
        (#"{"namespace": "VOICE", "eventType": "CALL_RINGING", "payload": {}}"#, "eventType", "Invalid webhook"),
        (#"{"namespace": "SMS", "eventType": "CALL_STATUS", "payload": {}}"#, "namespace", "Invalid webhook"),
        (#"{"namespace": "VOICE", "eventType": "CALL_STATUS"}"#, "payload", "Invalid webhook"),
        (#"{"eventType": "CALL_STATUS", "payload": "CALL_RECEIVED"}"#, "payload", "Invalid webhook"),
        (
            #"{"eventType": "CALL_STATUS", "payload": {"callStatus": "CALL_RECEIVED", "callDirection": "INBOUND"}}"#, "payload.callId",
            "Invalid webhook"
        ),
        (#"{"eventType": "CALL_STATUS", "payload": {"callId": "c", "callStatus": "CALL_RECEIVED"}}"#, "payload.callDirection", "Invalid webhook"),
        (
            #"{"eventType": "CALL_STATUS", "payload": {"callId": "c", "callStatus": "CALL_RECEIVED", "callDirection": "SIDEWAYS"}}"#,
            "payload.callDirection", "Invalid webhook"
        ),
        (
            #"{"eventType": "CALL_STATUS", "payload": {"callId": {"id": 1}, "callStatus": "CALL_RECEIVED", "callDirection": "INBOUND"}}"#,
            "payload.callId", "Invalid webhook"
        ),
        (
            #"{"eventType": "CALL_ACTION", "payload": {"callId": "c", "callStatus": "DTMF_RECEIVED", "callDirection": "INBOUND"}}"#, "payload.dtmf",
            "Invalid webhook"
        ),
        (
            #"{"eventType": "CALL_ACTION", "payload": {"callId": "c", "callStatus": "DTMF_RECEIVED", "callDirection": "INBOUND", "dtmf": "3", "eventData": {"dtmf": "4"}}}"#,
            "payload.dtmf", "Invalid webhook"
        ),
        (
            #"{"eventType": "CALL_ACTION", "payload": {"callId": "c", "callStatus": "DTMF_RECEIVED", "callDirection": "INBOUND", "dtmf": "1; DROP"}}"#,
            "payload.dtmf", "Invalid webhook"
        ),
        (
            #"{"eventType": "CALL_ACTION", "payload": {"callId": "c", "eventId": "", "callStatus": "DTMF_RECEIVED", "callDirection": "INBOUND", "dtmf": "1"}}"#,
            "payload.eventId", "Invalid webhook"
        ),
        (
            #"{"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s", "endTime": "2026-01-13T08:27:33Z", "details": {}}}"#,
            "payload.details.callA", "Invalid webhook"
        ),
        (
            #"{"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s", "endTime": "2026-01-13T08:27:33Z", "details": {"callA": {"callDirection": "INBOUND", "source": "+1", "destination": "+2"}, "CallA": {"callDirection": "INBOUND", "source": "+1", "destination": "+2"}}}}"#,
            "payload.details.CallA", "Invalid webhook"
        ),
        (
            #"{"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s", "details": {"callA": {"callDirection": "INBOUND", "source": "+1", "destination": "+2"}}}}"#,
            "payload.endTime", "Invalid webhook"
        ),
        (
            #"{"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s", "endTime": "2026-01-13T08:27:33Z", "details": {"callA": {"callDirection": "INBOUND", "destination": "+2"}}}}"#,
            "payload.details.callA.source", "Invalid webhook"
        ),
        (
            #"{"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s", "startTime": "2026-01-13T08:27:33Z", "endTime": "2026-01-13T08:26:58Z", "details": {"callA": {"callDirection": "INBOUND", "source": "+1", "destination": "+2"}}}}"#,
            "payload.endTime", "Invalid webhook"
        ),
    ])
    func aWebhookWhoseMeaningIsUnclearIsRefusedAndNothingIsStored(body: String, field: String, title: String) async throws {
        try await withServer { client, server in
            let response = try await client.postJSON(Self.route, body)
            #expect(response.status == 400, "\(response.text)")
            #expect(response.headers["content-type"] == "application/problem+json")
            #expect(response.json["title"] as? String == title)
            let errors = try #require(response.json["errors"] as? [[String: String]])
            #expect(errors.contains { $0["field"] == field }, "\(errors)")
            #expect(errors.allSatisfy { !($0["message"] ?? "").isEmpty })
            #expect(server.log.head == 0)
        }
    }

    @Test func aCallFirstKnownFromItsSummaryTakesTheProviderOfItsLaterEvents() async throws {
        try await withServer { client, _ in
            _ = try await client.postJSON(Self.route, try WebhookFixtures.bytes("8x8-session-summary-transferred"))
            let status = try await client.postJSON(Self.route, try WebhookFixtures.bytes("8x8-call-status-disconnected"))
            let position = try #require(status.headers["cx-log-position"])
            let call = try await client.get("/v1/calls/\(WebhookFixtures.referenceCallID)?minPosition=\(position)")
            #expect(call.json["provider"] as? String == "8x8-voice")
            #expect(call.json["status"] as? String == "CALL_DISCONNECTED")
        }
    }

    @Test func fieldsTheAdapterDoesNotReadAreKeptWhateverTheirType() async throws {
        try await withServer { client, server in
            let body =
                #"{"eventType": "SESSION_SUMMARY", "payload": {"sessionId": "s", "endTime": "2026-01-13T08:27:33Z", "lastAction": 7, "details": {"callA": {"callDirection": "INBOUND", "source": "+1", "destination": "+2", "callDuration": "n/a", "callStatus": 3}}}}"#
            let response = try await client.postJSON(Self.route, body)
            #expect(response.status == 200, "\(response.text)")
            #expect(server.log.head == 1)
        }
    }

    @Test func anIVRBackendPlugsInAsTheCallflowResponder() async throws {
        try await withServer(configure: { $0.voiceCallflowResponder = HangUpOnOne() }) { client, _ in
            var one = try WebhookFixtures.object("8x8-reference-vca-dtmf")
            var payload = try #require(one["payload"] as? [String: Any])
            payload["dtmf"] = "1"
            one["payload"] = payload
            let response = try await client.postJSON(Self.route, try WebhookFixtures.json(one))
            #expect(response.text == #"{"callflow":[{"action":"hangup"}]}"#)
            let status = try await client.postJSON(Self.route, try WebhookFixtures.bytes("8x8-call-status-initiated"))
            #expect(status.text == #"{"callflow":[]}"#)
        }
    }
}

/// The reference's "DTMF Input 1 - Hangup" branch, as an IVR backend would answer it.
private struct HangUpOnOne: VoiceCallflowResponder {
    func callflow(for webhook: VoiceWebhook, storedAt position: LogPosition) async throws -> [JSONValue] {
        guard case .callEvent(let event) = webhook, event.dtmf == "1" else { return [] }
        return [.object(JSONObject(members: [("action", .string("hangup"))]))]
    }
}
