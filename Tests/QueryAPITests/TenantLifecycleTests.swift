import EventLog
import Foundation
import NIOCore
import QueryAPI
import StoreTesting
import Testing

/// Tenants open on first use, close when unused for the idle timeout (not while a stream is
/// open), open again on the next request with everything they held, and close when removed.
@Suite struct TenantLifecycleTests {
    private static let acme = TenantName("acme")!

    private func post(_ client: HTTPTestClient, id: String) async throws -> Int {
        try await client.send(
            "POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: id).utf8),
            headers: [("CX-Tenant", Self.acme.rawValue), ("Content-Type", "application/json")]
        ).status
    }

    @Test func anIdleTenantClosesAndOpensAgainWithItsData() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try StoreTenants(root: directory.path).add(Self.acme)
        // Heartbeats often, so that the stream's end is noticed soon after its client goes.
        let server = try await TestServer.start(dataDirectory: directory.path, tenantIdleTimeout: .milliseconds(1500)) {
            $0.heartbeatInterval = .milliseconds(200)
        }
        let client = HTTPTestClient(baseURL: server.baseURL)
        do {
            #expect(server.registry.openTenants == [.default], "a tenant opened before its first request")
            #expect(try await post(client, id: "idle-1") == 202)

            let streaming = AsyncStream.makeStream(of: Void.self)
            let stream = Task {
                try await EventStreamReader.read(
                    server.baseURL + "/v1/events/stream", headers: [("CX-Tenant", Self.acme.rawValue)], timeout: .seconds(10)
                ) { reading in
                    if reading.comments == 1 { streaming.continuation.yield() }
                    return reading.comments >= 25
                }
            }
            var heartbeats = streaming.stream.makeAsyncIterator()
            _ = await heartbeats.next()
            try await Task.sleep(for: .seconds(3))
            #expect(server.registry.openTenants.contains(Self.acme), "the tenant closed under an open stream")
            _ = try await stream.value

            let closed = try await eventually(timeout: .seconds(20)) { !server.registry.openTenants.contains(Self.acme) }
            #expect(closed, "the idle tenant stayed open")
            #expect(server.registry.openTenants.contains(.default), "the default tenant closed")

            #expect(try await post(client, id: "idle-2") == 202)
            let events = try await client.send("GET", "/v1/events?after=0", headers: [("CX-Tenant", Self.acme.rawValue)])
            #expect((events.json["events"] as? [[String: Any]])?.count == 2, "\(events.text.prefix(300))")
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func aRemovedTenantStopsBeingServedWithinASecond() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tenants = StoreTenants(root: directory.path)
        try tenants.add(Self.acme)
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        do {
            #expect(try await post(client, id: "gone-1") == 202)
            let files = try tenants.remove(Self.acme)
            #expect(files > 0)
            let refused = try await eventually(timeout: .seconds(5)) {
                try await client.send("GET", "/healthz", headers: [("CX-Tenant", Self.acme.rawValue)]).status == 404
            }
            #expect(refused, "the removed tenant is still served")
            #expect(!server.registry.openTenants.contains(Self.acme))
            #expect(!FileManager.default.fileExists(atPath: tenants.layout(of: Self.acme).dataDirectory))

            try tenants.add(Self.acme)
            #expect(try await post(client, id: "gone-1") == 202, "a tenant added again under the name was not served")
            let events = try await client.send("GET", "/v1/events?after=0", headers: [("CX-Tenant", Self.acme.rawValue)])
            #expect((events.json["events"] as? [[String: Any]])?.count == 1, "the new tenant holds the old one's events")
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    /// `serve` refuses to start beyond loopback while a tenant has no credentials; a tenant
    /// added afterwards without any stays closed until it gets one.
    @Test func aTenantWithoutCredentialsIsClosedOnAServerBeyondLoopback() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path) { $0.host = "0.0.0.0" }
        let client = HTTPTestClient(baseURL: server.baseURL)
        do {
            try StoreTenants(root: directory.path).add(Self.acme)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await post(client, id: "closed-1") == 401)
            #expect(try await server.registry.services(for: Self.acme).log.head == 0)
            #expect(try await client.send("GET", "/healthz", headers: [("CX-Tenant", Self.acme.rawValue)]).status == 200)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }
}
