import EventLog
import Foundation
import Projections
import QueryAPI
import Replication
import StoreTesting
import Testing

@Suite struct ErasureRouteTests {
    private func basic(_ account: String, _ token: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(account):\(token)".utf8).base64EncodedString())]
    }

    private func postCustomer(_ client: HTTPTestClient, headers: [(String, String)] = []) async throws -> Int {
        let message = MessageBuilder().with { $0.customerID = "crm-77" }.plain(id: "m-77", text: "hello")
        let posted = try await client.send(
            "POST", "/ccm/message/receive", body: Array(message.utf8), headers: headers + [("Content-Type", "application/json")])
        #expect(posted.status == 202)
        return posted.json["position"] as? Int ?? 0
    }

    @Test func onlyTheAdminScopeErasesOrReadsTheAudit() async throws {
        try await withServer { client, server in
            let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
            let desk = try file.add(account: "desk", scopes: [.ingest, .read, .sql], now: 1).token
            let dpo = try file.add(account: "dpo", scopes: [.admin], now: 2).token
            try await Task.sleep(for: .milliseconds(1100))
            let position = try await postCustomer(client, headers: basic("desk", desk))

            let refused = try await client.send("DELETE", "/v1/customers/crm-77", headers: basic("desk", desk))
            #expect(refused.status == 403 && (refused.json["detail"] as? String)?.contains("\"admin\"") == true)
            #expect(try await client.send("GET", "/v1/erasures", headers: basic("desk", desk)).status == 403)
            let still = try await client.send("GET", "/v1/customers/crm-77?minPosition=\(position)", headers: basic("desk", desk))
            #expect(still.status == 200 && server.log.head == LogPosition(UInt64(position)), "a refused erasure changed something")

            let erased = try await client.send("DELETE", "/v1/customers/crm-77?reason=DSR-12", headers: basic("dpo", dpo))
            #expect(erased.status == 200)
            let audit = try await client.send("GET", "/v1/erasures", headers: basic("dpo", dpo))
            let entry = try #require((audit.json["erasures"] as? [[String: Any]])?.first)
            #expect(entry["requestedBy"] as? String == "dpo" && entry["reason"] as? String == "DSR-12")
        }
    }

    @Test func aReasonLongerThan500CharactersIsRefusedAndNothingChanges() async throws {
        try await withServer { client, server in
            let position = try await postCustomer(client)
            let refused = try await client.send("DELETE", "/v1/customers/crm-77?reason=" + String(repeating: "x", count: 501))
            #expect(refused.status == 400)
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
            #expect(server.log.head == LogPosition(UInt64(position)))
        }
    }

    @Test func aStoreThatTakesNoWritesRefusesAnErasureWith503() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let primary = try await TestServer.start(dataDirectory: directory.path)
        let position = try await postCustomer(HTTPTestClient(baseURL: primary.baseURL))
        _ = await primary.runner.waitUntilApplied(LogPosition(UInt64(position)), timeout: .seconds(10))
        await primary.stop()

        let replica = try await TestServer.start(dataDirectory: directory.path, gate: ReplicaWriteRefusal(stream: "cx-log"))
        let client = HTTPTestClient(baseURL: replica.baseURL)
        let refused = try await client.send("DELETE", "/v1/customers/crm-77")
        #expect(refused.status == 503 && refused.json["title"] as? String == "Read replica")
        #expect(refused.headers["retry-after"] != nil)
        #expect(try await client.get("/v1/customers/crm-77").status == 200)
        #expect(replica.log.head == LogPosition(UInt64(position)))
        await replica.stop()
    }
}
