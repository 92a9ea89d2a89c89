import EventLog
import Foundation
import NIOCore
import QueryAPI
import StoreTesting
import Testing

/// Two tenants of one server hold customers with the same ids, phone numbers, conversation,
/// session, call and message ids, with different texts. Every operation of `/openapi.json`
/// (read from the server, so a new route is walked as soon as it is documented) is called as
/// each tenant, and as one tenant naming the other: no answer ever carries the other's text,
/// and no file of one tenant holds the other's.
@Suite(.serialized) struct TenantIsolationTests {
    private static let tenants = [TenantName("acme")!, TenantName("globex")!]
    private static let customerID = "cust-shared-1"
    private static let conversationID = "conv-shared-1"
    private static let messageID = "iso-1"

    /// The text only `tenant` ever holds.
    private static func secret(_ tenant: TenantName) -> String { "\(tenant.rawValue.uppercased())-PRIVATE-TEXT" }

    /// What each path parameter of the document is given: the ids both tenants share.
    private static let pathValues = [
        "customerId": customerID, "conversationId": conversationID, "messageId": messageID, "callId": WebhookFixtures.referenceCallID,
    ]

    /// The query of the operations that need one to say anything.
    private static let queries = ["/v1/events": "?after=0", "/v1/search": "?q=PRIVATE", "/v1/customers": "?q=Ann"]

    private struct Tenant {
        let name: TenantName
        let token: String
        var authorization: (String, String) { ("Authorization", "Basic " + Data("agent:\(token)".utf8).base64EncodedString()) }
        var secret: String { TenantIsolationTests.secret(name) }
    }

    private static func builder(_ tenant: TenantName) -> MessageBuilder {
        MessageBuilder().with {
            $0.senderType = "CUSTOMER"
            $0.identifier = "+15550100"
            $0.customerID = customerID
            $0.conversationID = conversationID
            $0.sessionID = "sess-shared-1"
            $0.customerNames = ("Ann", secret(tenant) + "-NAME")
        }
    }

    /// A body for each operation that takes one: messages in the tenant's own words.
    private static func body(method: String, path: String, tenant: TenantName, round: Int) throws -> (bytes: [UInt8], type: String)? {
        guard method == "POST" else { return nil }
        let builder = builder(tenant)
        let text = secret(tenant)
        switch path {
        case "/ccm/message/receive":
            return (Array(builder.plain(id: "walk-\(round)", text: text).utf8), "application/json")
        case "/ccm/message/receive/batch":
            let lines = [builder.plain(id: "walk-batch-\(round)-1", text: text), builder.plain(id: "walk-batch-\(round)-2", text: text)]
            return (Array(lines.joined(separator: "\n").utf8), "application/x-ndjson")
        case "/conversation-manager/activities":
            return (Array(builder.plain(id: "walk-activity-\(round)", text: text).utf8), "application/json")
        case "/webhooks/8x8/voice":
            return (try WebhookFixtures.bytes("8x8-call-status-connected"), "application/json")
        case "/webhooks/ccai/calls":
            return (try WebhookFixtures.bytes(WebhookFixtures.ccaiReferenceCalls[1]), "application/json")
        case "/webhooks/chatwoot":
            var message = try WebhookFixtures.object("chatwoot/message_created.code")
            message["id"] = 90_000 + round
            message["content"] = text
            return (try WebhookFixtures.json(message), "application/json")
        case "/webhooks/amazon-connect":
            return (try WebhookFixtures.bytes("amazon-connect/hypothetical-initiated-voice-with-endpoints"), "application/json")
        case "/webhooks/genesys":
            return (try WebhookFixtures.bytes("genesys/customer-start-voice"), "application/json")
        case "/webhooks/twilio":
            var event = try WebhookFixtures.object("twilio/conversations-message-added")
            var data = try #require(event["data"] as? [String: Any])
            data["MessageBody"] = text
            data["Author"] = "+41795550\(100 + round)"
            event["data"] = data
            event["id"] = "NO-walk-\(round)"
            return (try WebhookFixtures.json([event]), "application/json")
        case "/v1/sql":
            return (Array(#"{"sql": "SELECT message, summary FROM activities"}"#.utf8), "application/json")
        default:
            Issue.record("POST \(path) is not walked yet: give it a body in TenantIsolationTests")
            return nil
        }
    }

    @Test func everyDocumentedOperationAnswersOnlyWithItsOwnTenantsData() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var tenants: [Tenant] = []
        for name in Self.tenants {
            let layout = try StoreTenants(root: directory.path).add(name)
            let token = try CredentialFile(path: layout.credentialsFile).add(account: "agent", scopes: [.ingest, .read, .sql, .admin], now: 1).token
            tenants.append(Tenant(name: name, token: token))
        }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        do {
            try await seed(tenants, client)
            try await walk(tenants, client, baseURL: server.baseURL)
            try await eraseInOneTenantOnly(tenants, client)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
        for tenant in tenants {
            let others = tenants.filter { $0.name != tenant.name }.map(\.secret)
            let findings = ByteScan.findings(of: others, under: StoreLayout(root: directory.path, tenant: tenant.name).dataDirectory)
            #expect(findings.isEmpty, "tenant \(tenant.name)'s files hold another tenant's text: \(findings)")
        }
    }

    private func seed(_ tenants: [Tenant], _ client: HTTPTestClient) async throws {
        for tenant in tenants {
            let builder = Self.builder(tenant.name)
            for (index, id) in [Self.messageID, "iso-2"].enumerated() {
                let response = try await client.send(
                    "POST", "/ccm/message/receive", body: Array(builder.plain(id: id, text: "\(tenant.secret) \(index)").utf8),
                    headers: [tenant.authorization, ("Content-Type", "application/json")])
                #expect(response.status == 202, "seeding \(tenant.name): \(response.text)")
            }
            for fixture in WebhookFixtures.eightByEightSession {
                let response = try await client.send(
                    "POST", "/webhooks/8x8/voice", body: try WebhookFixtures.bytes(fixture),
                    headers: [tenant.authorization, ("Content-Type", "application/json")])
                #expect(response.status < 300, "seeding \(tenant.name) with \(fixture): \(response.text)")
            }
        }
    }

    /// Calls every operation of the document four ways for each tenant: with its credential,
    /// with its credential naming the other tenant (`CX-Tenant`, then `Host`), and with no
    /// credential naming the other tenant.
    private func walk(_ tenants: [Tenant], _ client: HTTPTestClient, baseURL: String) async throws {
        let document = try await client.send("GET", "/openapi.json", headers: [tenants[0].authorization]).json
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var round = 0
        var walked = 0
        for (template, operations) in paths.sorted(by: { $0.key < $1.key }) {
            for method in operations.keys.map({ $0.uppercased() }).sorted() where ["GET", "POST", "PUT", "PATCH"].contains(method) {
                let path = try Self.fill(template) + (Self.queries[template] ?? (template.hasSuffix("/stream") ? "?after=0" : ""))
                for tenant in tenants {
                    let other = try #require(tenants.first { $0.name != tenant.name })
                    round += 1
                    let ways: [(label: String, headers: [(String, String)], expected: Set<Int>?)] = [
                        ("own credential", [tenant.authorization], nil),
                        ("credential naming the other by CX-Tenant", [tenant.authorization, ("CX-Tenant", other.name.rawValue)], [404]),
                        ("credential naming the other by Host", [tenant.authorization, ("Host", "\(other.name.rawValue).cx.example.test")], [404]),
                        ("no credential, naming the other", [("CX-Tenant", other.name.rawValue)], nil),
                    ]
                    for way in ways {
                        let (status, text) = try await call(
                            method, template: template, path: path, tenant: tenant.name, round: round, headers: way.headers, client, baseURL: baseURL)
                        let context = "\(method) \(path) as \(tenant.name), \(way.label): \(status)"
                        #expect(status < 500, "\(context) \(text.prefix(300))")
                        if let expected = way.expected { #expect(expected.contains(status), "\(context) \(text.prefix(300))") }
                        if way.label.hasPrefix("no credential") {
                            #expect(!text.contains(tenant.secret) && !text.contains(other.secret), "\(context) carries a tenant's text")
                        } else {
                            #expect(!text.contains(other.secret), "\(context) carries \(other.name)'s text: \(text.prefix(300))")
                        }
                    }
                    walked += 1
                }
            }
        }
        #expect(walked >= 2 * 27, "the walk covered only \(walked) operation-tenant pairs")
        for tenant in tenants {
            let own = try await client.send("GET", "/v1/customers/\(Self.customerID)/activities", headers: [tenant.authorization])
            #expect(own.status == 200 && own.text.contains(tenant.secret), "\(tenant.name) cannot read its own customer: \(own.text.prefix(300))")
        }
    }

    private func call(
        _ method: String, template: String, path: String, tenant: TenantName, round: Int, headers: [(String, String)], _ client: HTTPTestClient,
        baseURL: String
    ) async throws -> (status: Int, text: String) {
        if template.hasSuffix("/stream") {
            // The streams never end: read what came within a few seconds (their backfill).
            let reading = try await EventStreamReader.read(baseURL + path, headers: headers, timeout: .seconds(10)) { $0.events.count >= 2 }
            return (reading.status, reading.events.map(\.data).joined(separator: "\n"))
        }
        var headers = headers
        let body = try Self.body(method: method, path: template, tenant: tenant, round: round)
        if let body { headers.append(("Content-Type", body.type)) }
        let response = try await client.send(method, path, body: body?.bytes, headers: headers)
        return (response.status, response.text)
    }

    /// Erasing the shared customer id in one tenant leaves the other's customer whole.
    private func eraseInOneTenantOnly(_ tenants: [Tenant], _ client: HTTPTestClient) async throws {
        let (erasing, keeping) = (tenants[0], tenants[1])
        let crossed = try await client.send(
            "DELETE", "/v1/customers/\(Self.customerID)", headers: [erasing.authorization, ("CX-Tenant", keeping.name.rawValue)])
        #expect(crossed.status == 404)
        let erased = try await client.send("DELETE", "/v1/customers/\(Self.customerID)", headers: [erasing.authorization])
        #expect(erased.status == 200, "\(erased.text)")
        let gone = try await client.send("GET", "/v1/customers/\(Self.customerID)/activities", headers: [erasing.authorization])
        #expect(gone.status == 410 || gone.status == 404, "\(gone.status) \(gone.text.prefix(200))")
        let kept = try await client.send("GET", "/v1/customers/\(Self.customerID)/activities", headers: [keeping.authorization])
        #expect(
            kept.status == 200 && kept.text.contains(keeping.secret), "erasing in \(erasing.name) touched \(keeping.name): \(kept.text.prefix(300))")
    }

    private static func fill(_ template: String) throws -> String {
        var path = template
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            let name = String(path[path.index(after: open)..<close])
            let value = try #require(pathValues[name], "the path parameter \(name) of \(template) has no value in TenantIsolationTests")
            path.replaceSubrange(open...close, with: value)
        }
        return path
    }
}
