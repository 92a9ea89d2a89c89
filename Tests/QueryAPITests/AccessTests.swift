import EventLog
import Foundation
import Projections
import QueryAPI
import StoreTesting
import Testing

@Suite struct AccessTests {
    private func basic(_ account: String, _ token: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(account):\(token)".utf8).base64EncodedString())]
    }

    private func post(_ client: HTTPTestClient, id: String, headers: [(String, String)]) async throws -> HTTPTestClient.Response {
        try await client.send(
            "POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: id).utf8),
            headers: headers + [("Content-Type", "application/json")])
    }

    /// Waits past the authenticator's one-second look at the file.
    private func waitForTheServerToNotice() async throws {
        try await Task.sleep(for: .milliseconds(1100))
    }

    @Test func withoutCredentialsTheStoreIsOpen() async throws {
        try await withServer { client, _ in
            let posted = try await post(client, id: "open-1", headers: [])
            let events = try await client.get("/v1/events?after=0")
            #expect(posted.status == 202)
            #expect(events.status == 200)
        }
    }

    @Test func onceACredentialExistsEveryRouteButHealthRequiresOneWithItsScope() async throws {
        try await withServer { client, server in
            let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
            let ingest = try file.add(account: "ivr", scopes: [.ingest], now: 1).token
            let read = try file.add(account: "desk", scopes: [.read], now: 2).token
            try await waitForTheServerToNotice()

            let anonymous = try await post(client, id: "a-1", headers: [])
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
            #expect(anonymous.headers["content-type"] == "application/problem+json")
            #expect(try await post(client, id: "a-2", headers: basic("ivr", read)).status == 401)
            #expect(try await post(client, id: "a-3", headers: basic("nobody", ingest)).status == 401)
            #expect(try await post(client, id: "a-4", headers: [("Authorization", "Bearer \(ingest)")]).status == 401)
            let outOfScope = try await post(client, id: "a-5", headers: basic("desk", read))
            #expect(outOfScope.status == 403)
            #expect((outOfScope.json["detail"] as? String)?.contains("\"ingest\"") == true)
            #expect(server.log.head == 0, "a refused request stored something")

            #expect(try await post(client, id: "a-6", headers: basic("ivr", ingest)).status == 202)
            #expect(try await client.send("GET", "/v1/events?after=0", headers: basic("desk", read)).status == 200)
            #expect(try await client.send("GET", "/v1/events?after=0", headers: basic("ivr", ingest)).status == 403)
            #expect(try await client.get("/v1/events?after=0").status == 401)
            #expect(try await client.get("/healthz").status == 200)
        }
    }

    @Test func aRevokedCredentialIsRefusedWithoutARestart() async throws {
        try await withServer { client, server in
            let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
            let (credential, token) = try file.add(account: "ivr", scopes: [.ingest], now: 1)
            _ = try file.add(account: "other", scopes: [.read], now: 2)
            try await waitForTheServerToNotice()
            #expect(try await post(client, id: "r-1", headers: basic("ivr", token)).status == 202)

            _ = try file.revoke(id: credential.id)
            try await waitForTheServerToNotice()
            #expect(try await post(client, id: "r-2", headers: basic("ivr", token)).status == 401)
            #expect(server.log.head == 1)
        }
    }

    @Test func theCommandsManageCredentialsAndServeRefusesAnOpenPublicAddress() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let refused = try await CommandRunner.run(["serve", "--data", directory.path, "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("without credentials"))

        let added = try await CommandRunner.run(["credentials", "add", "--data", directory.path, "--account", "ivr", "--scopes", "ingest,read"])
        #expect(added.status == 0)
        let token = try #require(added.standardOutput.split(separator: "\n").first { $0.hasPrefix("token:") }?.split(separator: " ").last)
        let listed = try await CommandRunner.run(["credentials", "list", "--data", directory.path])
        #expect(listed.standardOutput.contains("ivr") && listed.standardOutput.contains("ingest,read"))
        #expect(!listed.standardOutput.contains(token))
        let badScope = try await CommandRunner.run(["credentials", "add", "--data", directory.path, "--account", "x", "--scopes", "write"])
        #expect(badScope.status != 0)
        #expect(badScope.standardError.contains("unknown scope \"write\""))
        #expect(try await CommandRunner.run(["credentials", "revoke", "--data", directory.path, "--account", "ivr"]).status == 0)
        #expect(try await CommandRunner.run(["credentials", "list", "--data", directory.path]).standardOutput.contains("open"))
    }
}
