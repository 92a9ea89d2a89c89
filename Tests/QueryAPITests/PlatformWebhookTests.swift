import Crypto
import EventLog
import Foundation
import StoreTesting
import Testing

@testable import QueryAPI

/// The four platform webhooks against the real server, with the platforms' own sample events
/// (`Fixtures/webhooks/<platform>/`, sources in each `SOURCES.md`): every sample is stored or
/// acknowledged as its platform documents it, the activities land on the customer's timeline
/// as the desk shows them, a redelivery appends nothing, a signature that does not match is
/// `401`, a truncated body `400`, and nothing is ever a `5xx`.
@Suite struct PlatformWebhookTests {
    /// `platform/sample` → whether it is stored (`true`) or acknowledged and not stored.
    private static let samples: [String: [(name: String, stored: Bool)]] = [
        "chatwoot": [
            ("conversation_created", true), ("message_created.code", true), ("message_created_outgoing.code", true),
            ("message_updated.code", true), ("conversation_status_changed.code", true), ("conversation_resolved.code", true),
            ("message_created", true), ("message_updated", true), ("conversation_status_changed", true), ("conversation_resolved", true),
            ("conversation_opened", true), ("contact_created", false), ("contact_updated", false), ("conversation_updated", false),
            ("conversation_typing_on", false), ("conversation_typing_off", false), ("webwidget_triggered", false),
            ("webwidget_triggered.code", false),
        ],
        "amazon-connect": [
            ("hypothetical-initiated-voice-with-endpoints", true), ("initiated-voice", true), ("queued", true), ("connected-to-agent", true),
            ("disconnected-inbound-voice", true), ("completed", true), ("disconnected", true), ("queued-voice-inbound-captured", true),
            ("chat-initiated", true), ("email-initiated", true), ("connected-to-agent-routing-criteria", true),
            ("connected-to-agent-routing-criteria-agent-ids", true), ("contact-data-updated-chat-contact-lens", false),
            ("contact-data-updated-chat-routing-step-expired", false),
        ],
        "genesys": [
            ("customer-start-voice", true), ("flow-start", true), ("flow-end", true), ("acd-start", true), ("user-start", true),
            ("acd-end", true), ("customer-end-voice", true), ("user-end", true), ("acw", true), ("customer-start", true),
            ("customer-end", true), ("customer-end-no-external-contact", true),
            ("presence", false), ("conversation", false), ("audit-userpresence", false), ("audit-oauthclient-delete", false),
            ("unknown-detail-type", false),
        ],
        "twilio": [
            ("conversations-conversation-added", true), ("conversations-participant-added", true), ("conversations-message-added", true),
            ("voice-call-initiated", true), ("voice-call-ringing", true), ("voice-call-answered", true), ("voice-call-completed", true),
            ("messaging-inbound-message-received", true), ("messaging-message-delivered", false), ("eventstreams-test-event", false),
            ("quickstart-voice-insights-predicted-complete", false), ("verify-message-delivered-delivery", false),
            ("voice-webhookevent-docs-template", false),
        ],
    ]

    @Test(arguments: ["chatwoot", "amazon-connect", "genesys", "twilio"])
    func everySampleIsStoredOrAcknowledgedAndARedeliveryAppendsNothing(platform: String) async throws {
        try await withServer { client, server in
            for (name, stored) in try #require(Self.samples[platform]) {
                let bytes = try WebhookFixtures.bytes("\(platform)/\(name)")
                let response = try await client.postJSON("/webhooks/\(platform)", bytes)
                let results = response.json["results"] as? [[String: Any]] ?? []
                let storedCount = results.filter { $0["stored"] as? Bool == true }.count
                #expect(response.status == (stored ? 202 : 200), "\(platform)/\(name): \(response.status) \(response.text.prefix(400))")
                #expect(stored ? storedCount >= 1 : storedCount == 0, "\(platform)/\(name): \(response.text.prefix(400))")
                if !stored { #expect(results.allSatisfy { ($0["reason"] as? String)?.isEmpty == false }, "\(platform)/\(name)") }

                let head = server.log.head
                let again = try await client.postJSON("/webhooks/\(platform)", bytes)
                #expect(again.status == response.status, "\(platform)/\(name) again: \(again.text.prefix(300))")
                #expect(server.log.head == head, "\(platform)/\(name) delivered again appended to the log")
                let repeated = again.json["results"] as? [[String: Any]] ?? []
                #expect(repeated.filter { $0["stored"] as? Bool == true }.allSatisfy { $0["duplicate"] as? Bool == true })
            }
        }
    }

    @Test(arguments: ["chatwoot", "amazon-connect", "genesys", "twilio"])
    func badDeliveriesAre400NamingTheFieldAndStoreNothing(platform: String) async throws {
        try await withServer { client, server in
            let sample = try #require(Self.samples[platform]?.first).name
            let bytes = try WebhookFixtures.bytes("\(platform)/\(sample)")
            let cases: [(label: String, body: [UInt8])] = [
                ("truncated", Array(bytes.prefix(bytes.count / 2))),
                ("not JSON", Array("event=message_created".utf8)),
                ("a number", Array("42".utf8)),
                ("invalid UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]),
                ("empty object", Array("{}".utf8)),
            ]
            // What schemathesis found: blank or null ids, an empty event name.
            let blank: [String: String] = [
                "chatwoot": #"{"event": ""}"#, "amazon-connect": #"{"eventType": "0", "contactId": "", "channel": "0"}"#,
                "genesys": #"{"topicName": "", "eventBody": {}}"#, "twilio": #"[{"id": null, "type": null}]"#,
            ]
            // An envelope whose detail is not an object is refused even for another detail-type.
            let notAnObject = #"{"detail-type": "Something Else", "detail": -2054}"#
            let extra = [
                ("blank ids", blank[platform] ?? ""),
                ("detail not an object", platform == "amazon-connect" || platform == "genesys" ? notAnObject : "[]"),
            ]
            for (label, body) in cases + extra.map({ ($0.0, Array($0.1.utf8)) }) {
                let response = try await client.postJSON("/webhooks/\(platform)", body)
                #expect(response.status == 400, "\(platform), \(label): \(response.status) \(response.text.prefix(300))")
                #expect(response.json["errors"] is [[String: Any]], "\(platform), \(label): no field named: \(response.text.prefix(300))")
            }
            if platform == "genesys" {
                // A conversation's event body alone (as Genesys's Process Automation Triggers
                // send it, not EventBridge) does not say which step it is.
                let bodyOnly = try await client.postJSON("/webhooks/genesys", try WebhookFixtures.bytes("genesys/customer-end-eventbody-only"))
                #expect(bodyOnly.status == 400, "\(bodyOnly.text.prefix(300))")
            }
            #expect(server.log.head == .start)
            let notJSON = try await client.postJSON("/webhooks/\(platform)", bytes, contentType: "text/plain")
            #expect(notJSON.status == 415)
        }
    }

    /// What the desk shows of a Chatwoot WhatsApp conversation: the customer's message, the
    /// agent's reply and its edit, and the resolution, in order, on the customer of the
    /// contact's phone number; the text is found by search.
    @Test func aChatwootConversationIsTheContactsHistory() async throws {
        try await withServer { client, _ in
            for name in [
                "conversation_created", "message_created.code", "message_created_outgoing.code", "message_updated.code",
                "conversation_status_changed.code",
            ] {
                let response = try await client.postJSON("/webhooks/chatwoot", try WebhookFixtures.bytes("chatwoot/\(name)"))
                #expect(response.status == 202, "\(name): \(response.text)")
            }
            let shown = try await timeline(of: "+5511987654321", client: client)
            #expect(
                shown == [
                    "THIRD_PARTY_ACTIVITY|Conversation started|Chatwoot|chatwoot:conversation:128",
                    "CUSTOMER_MESSAGE|Olá! Meu pedido #4821 ainda não chegou, podem verificar?|Maria Silva|chatwoot:conversation:128",
                    "AGENT_MESSAGE|Oi Maria, sou a Priya. Vou verificar o pedido #4821 agora mesmo.|Priya Raman|chatwoot:conversation:128",
                    "AGENT_MESSAGE|Edited: Oi Maria, sou a Priya. Vou verificar o pedido #4821 agora mesmo.|Priya Raman|chatwoot:conversation:128",
                    "THIRD_PARTY_ACTIVITY|Conversation resolved|Chatwoot|chatwoot:conversation:128",
                ])
            let search = try await client.get("/v1/search?q=pedido")
            #expect((search.json["activities"] as? [[String: Any]])?.count ?? 0 >= 2, "\(search.text.prefix(300))")
        }
    }

    /// An Amazon Connect voice contact, from the contact center's first sight of it to its
    /// end, on the caller's timeline (the documentation's samples name no caller: the one
    /// with `customerEndpoint` is marked hypothetical in `SOURCES.md`), and kept as one call.
    /// The samples of one contact assembled from the documented fields (2024-05-01); the
    /// documentation's own `CONNECTED_TO_AGENT` sample is of 2021.
    @Test func anAmazonConnectCallIsTheCallersHistory() async throws {
        try await withServer { client, _ in
            for name in ["hypothetical-initiated-voice-with-endpoints", "queued", "disconnected-inbound-voice"] {
                let response = try await client.postJSON("/webhooks/amazon-connect", try WebhookFixtures.bytes("amazon-connect/\(name)"))
                #expect(response.status == 202, "\(name): \(response.text)")
            }
            let shown = try await timeline(of: "+15555550123", client: client)
            #expect(shown.first == "VOICE_ACTIVITY|Inbound call started|Amazon Connect|amazon-connect:contact:11111111-1111-1111-1111-111111111111")
            let conversation = try await client.get("/v1/conversations/amazon-connect:contact:11111111-1111-1111-1111-111111111111?limit=10")
            let lines = (conversation.json["activities"] as? [[String: Any]] ?? []).map { "\($0["type"] ?? "")|\($0["summary"] ?? "")" }
            #expect(
                lines == [
                    "VOICE_ACTIVITY|Inbound call started", "VOICE_ACTIVITY|Inbound call queued", "CALL_LEG_ENDED|Inbound call ended after 6m 47s",
                ],
                "\(conversation.text.prefix(600))")
        }
    }

    /// A Genesys Cloud inbound call, from the caller's first ring through the IVR, the queue,
    /// the agent and the wrap-up, on the caller's timeline in time order.
    @Test func aGenesysCallIsTheCallersHistory() async throws {
        try await withServer { client, _ in
            for name in [
                "acw", "user-end", "customer-end-voice", "acd-end", "user-start", "acd-start", "flow-end", "flow-start", "customer-start-voice",
            ] {
                let response = try await client.postJSON("/webhooks/genesys", try WebhookFixtures.bytes("genesys/\(name)"))
                #expect(response.status == 202, "\(name): \(response.text)")
            }
            let shown = try await timeline(of: "+13175551234", client: client).map { $0.split(separator: "|").prefix(2).joined(separator: "|") }
            #expect(
                shown == [
                    "VOICE_ACTIVITY|Inbound call started", "VOICE_ACTIVITY|Call in the IVR flow", "VOICE_ACTIVITY|Call left the IVR flow (transfer)",
                    "VOICE_ACTIVITY|Call queued", "CALL_LEG_STARTED|Call connected to an agent",
                    "VOICE_ACTIVITY|Call answered from the queue after 38s",
                    "CALL_LEG_ENDED|Call ended after 5m 0s (peer)", "CALL_LEG_ENDED|Agent left the call after 5m 0s",
                    "VOICE_ACTIVITY|Wrap-up: Customer asked about billing",
                ], "\(shown)")
        }
    }

    /// A Twilio WhatsApp conversation: the participant's binding makes the conversation the
    /// customer's, so its messages are on their timeline; a batch stores each event once.
    @Test func aTwilioConversationIsTheParticipantsHistory() async throws {
        try await withServer { client, server in
            let batch = try await client.postJSON("/webhooks/twilio", try WebhookFixtures.bytes("twilio/batch"))
            #expect(batch.status == 202, "\(batch.text)")
            let results = try #require(batch.json["results"] as? [[String: Any]])
            #expect(results.count == 6)
            #expect(batch.json["accepted"] as? Int == 6, "\(batch.text)")
            #expect(server.log.head == LogPosition(6))
            let shown = try await timeline(of: "+14567890123", client: client)
            #expect(shown.contains { $0.hasPrefix("THIRD_PARTY_ACTIVITY|John Doe (+14567890123) joined the conversation on Whatsapp") }, "\(shown)")
            #expect(shown.contains { $0.contains("Ahoy!") }, "\(shown)")
        }
    }

    /// With the tenant's Twilio auth token set, only a delivery signed for the URL it was
    /// sent to, with the body's digest, is taken; with Chatwoot's secret, only one signed
    /// over its timestamp and body. `/healthz` names the platforms still unsigned.
    @Test func signedPlatformsNeedTheirSignatureOnceATenantHasASecret() async throws {
        try await withServer { client, server in
            let health = try await client.get("/healthz")
            #expect((health.json["webhooks"] as? [String: Any])?["unsigned"] as? [String] == ["chatwoot", "twilio"])
            try WebhookSecrets(secrets: [.twilio: "test-auth-token", .chatwoot: "sSfGx8dWnYc4qTb1ZkR7mHvE"]).save(
                StoreLayout(dataDirectory: server.registry.root))
            try await Task.sleep(for: .milliseconds(1100))
            let signedHealth = try await client.get("/healthz")
            #expect((signedHealth.json["webhooks"] as? [String: Any])?["unsigned"] as? [String] == [])

            let body = try WebhookFixtures.bytes("twilio/voice-call-initiated")
            let digest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
            let path = "/webhooks/twilio?bodySHA256=\(digest)"
            let signature = Data(
                HMAC<Insecure.SHA1>.authenticationCode(
                    for: Array((server.baseURL + path).utf8), using: SymmetricKey(data: Array("test-auth-token".utf8)))
            ).base64EncodedString()
            let json = ("Content-Type", "application/json")
            let unsigned = try await client.send("POST", path, body: body, headers: [json])
            #expect(unsigned.status == 401)
            let wrong = try await client.send("POST", path, body: body, headers: [json, ("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")])
            #expect(wrong.status == 401, "\(wrong.text)")
            #expect(wrong.json["title"] as? String == "Invalid signature")
            let otherBody = try WebhookFixtures.bytes("twilio/voice-call-completed")
            let replayed = try await client.send("POST", path, body: otherBody, headers: [json, ("X-Twilio-Signature", signature)])
            #expect(replayed.status == 401, "a signature for one body took another")
            #expect(server.log.head == .start)
            let signed = try await client.send("POST", path, body: body, headers: [json, ("X-Twilio-Signature", signature)])
            #expect(signed.status == 202, "\(signed.text)")

            let request = try WebhookFixtures.object("chatwoot/message_created.code.signed_request")
            let headers = try #require(request["headers"] as? [String: String])
            let chatwootBody = try WebhookFixtures.bytes("chatwoot/message_created.code.body")
            let chatwootHeaders = headers.map { ($0.key, $0.value) }
            let accepted = try await client.send("POST", "/webhooks/chatwoot", body: chatwootBody, headers: chatwootHeaders)
            #expect(accepted.status == 202, "\(accepted.text)")
            var tampered = chatwootBody
            tampered[tampered.count / 2] ^= 0x01
            let refused = try await client.send("POST", "/webhooks/chatwoot", body: tampered, headers: chatwootHeaders)
            #expect(refused.status == 401)
            #expect(server.log.head == LogPosition(2))
        }
    }

    /// The platforms' own worked examples of their signatures.
    @Test func theSignatureSchemesMatchThePlatformsWorkedExamples() throws {
        let twilioBody = Array(#"{"property": "value", "boolean": true}"#.utf8)
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(WebhookSignature.twilioIsValid(authToken: "12345", urls: [url], signature: "a9nBmqA0ju/hNViExpshrM61xv4=", body: twilioBody))
        #expect(!WebhookSignature.twilioIsValid(authToken: "12346", urls: [url], signature: "a9nBmqA0ju/hNViExpshrM61xv4=", body: twilioBody))
        #expect(
            !WebhookSignature.twilioIsValid(authToken: "12345", urls: [url], signature: "a9nBmqA0ju/hNViExpshrM61xv4=", body: twilioBody + [0x20]))
        #expect(
            WebhookSignature.candidateURLs(authority: "cx.example.com", forwardedProto: nil, pathAndQuery: "/webhooks/twilio?bodySHA256=1")
                .contains("https://cx.example.com/webhooks/twilio?bodySHA256=1"))

        let request = try WebhookFixtures.object("chatwoot/message_created.code.signed_request")
        let headers = try #require(request["headers"] as? [String: String])
        let body = try WebhookFixtures.bytes("chatwoot/message_created.code.body")
        #expect(
            WebhookSignature.chatwootIsValid(
                secret: "sSfGx8dWnYc4qTb1ZkR7mHvE", timestamp: headers["X-Chatwoot-Timestamp"], signature: headers["X-Chatwoot-Signature"], body: body
            ))
        #expect(
            !WebhookSignature.chatwootIsValid(
                secret: "sSfGx8dWnYc4qTb1ZkR7mHvE", timestamp: "1770733386", signature: headers["X-Chatwoot-Signature"], body: body))
    }

    /// The customer of a channel identity's activities as the desk lists them, oldest first:
    /// `type|summary|sender|conversation`.
    private func timeline(of identifier: String, client: HTTPTestClient) async throws -> [String] {
        let encoded = try #require(identifier.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let head = try #require(try await client.get("/healthz").json["logHead"] as? Int)
        let lookup = try await client.get("/v1/customers?channelCustomerIdentifier=\(encoded)&minPosition=\(head)")
        let customerID = try #require((lookup.json["customers"] as? [[String: Any]])?.first?["customerId"] as? String, "\(lookup.text)")
        let page = try await client.get("/v1/customers/\(customerID)/activities?order=asc&limit=50")
        return try #require(page.json["activities"] as? [[String: Any]]).map { activity in
            let sender = activity["sender"] as? [String: Any]
            return "\(activity["type"] ?? "")|\(activity["summary"] ?? "")|\(sender?["name"] ?? "")|\(activity["conversationId"] ?? "")"
        }
    }
}
