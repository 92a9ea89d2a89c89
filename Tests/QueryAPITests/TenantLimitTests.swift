import EventLog
import Foundation
import QueryAPI
import StoreTesting
import Testing

/// A tenant's rate and storage quota hold for it alone: past them its requests are refused
/// with nothing stored, and the other tenant of the same server goes on.
@Suite struct TenantLimitTests {
    private static let (limited, other) = (TenantName("acme")!, TenantName("globex")!)

    private func post(_ client: HTTPTestClient, _ tenant: TenantName, id: String) async throws -> HTTPTestClient.Response {
        try await client.send(
            "POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: id).utf8),
            headers: [("CX-Tenant", tenant.rawValue), ("Content-Type", "application/json")])
    }

    /// A server over a store with both tenants, `limited` having `limits`.
    private func withTenants(_ limits: TenantLimits, _ body: (HTTPTestClient, TestServer, StoreTenants) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tenants = StoreTenants(root: directory.path)
        try limits.save(try tenants.add(Self.limited))
        try tenants.add(Self.other)
        let server = try await TestServer.start(dataDirectory: directory.path)
        do {
            try await body(HTTPTestClient(baseURL: server.baseURL), server, tenants)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func aTenantOverItsRateGets429WithRetryAfterAndNothingStored() async throws {
        // One token every 100 s: however slow the machine, a third request finds none.
        try await withTenants(TenantLimits(requestsPerSecond: 0.01, burst: 2)) { client, server, _ in
            let answers = [
                try await post(client, Self.limited, id: "r-1"), try await post(client, Self.limited, id: "r-2"),
                try await post(client, Self.limited, id: "r-3"),
            ]
            #expect(answers.map(\.status) == [202, 202, 429])
            let retryAfter = Int(answers[2].headers["retry-after"] ?? "") ?? 0
            #expect((1...100).contains(retryAfter), "Retry-After: \(answers[2].headers["retry-after"] ?? "none")")
            #expect((answers[2].json["detail"] as? String)?.contains("0.01/s, burst 2") == true, "\(answers[2].text)")
            #expect(try await server.registry.services(for: Self.limited).log.head == 2, "a refused request stored something")
            for index in 1...5 { #expect(try await post(client, Self.other, id: "o-\(index)").status == 202) }
            #expect(try await client.send("GET", "/healthz", headers: [("CX-Tenant", Self.limited.rawValue)]).status == 200)
        }
    }

    @Test func aTenantOverItsQuotaGets507WithNothingStoredUntilTheQuotaIsRaised() async throws {
        try await withTenants(TenantLimits(maximumBytes: 1)) { client, server, tenants in
            let refused = try await post(client, Self.limited, id: "q-1")
            #expect(refused.status == 507, "\(refused.text)")
            #expect((refused.json["detail"] as? String)?.contains("nothing was stored") == true)
            let batch = try await client.send(
                "POST", "/ccm/message/receive/batch", body: Array(CIMFixtures.plainMessage(id: "q-2").replacingOccurrences(of: "\n", with: "").utf8),
                headers: [("CX-Tenant", Self.limited.rawValue), ("Content-Type", "application/x-ndjson")])
            #expect(batch.status == 507)
            let log = try await server.registry.services(for: Self.limited).log
            #expect(log.head == 0)
            #expect(try log.verify().isSound)
            #expect(try await post(client, Self.other, id: "q-1").status == 202, "the other tenant was refused")
            #expect(try await client.send("GET", "/v1/events?after=0", headers: [("CX-Tenant", Self.limited.rawValue)]).status == 200)

            try TenantLimits(maximumBytes: 1 << 30).save(tenants.layout(of: Self.limited))
            let taken = try await eventually(timeout: .seconds(5)) { try await post(client, Self.limited, id: "q-1").status == 202 }
            #expect(taken, "the raised quota was not applied")
            #expect(log.head == 1)
        }
    }
}
