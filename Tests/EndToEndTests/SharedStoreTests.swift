import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct SharedStoreTests {
    @Test func anImportBesideARunningServerLeavesItsIngestWorking() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        let before = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "before"))
        #expect(before.json["position"] as? Int == 1)

        let lines = (1...50).map { CIMFixtures.plainMessage(id: "imported-\($0)").replacingOccurrences(of: "\n", with: " ") }
        let imported = try await CommandRunner.run(["import", "--data", directory.path, "-"], input: Array(lines.joined(separator: "\n").utf8))
        #expect(imported.status == 0, "\(imported.standardError)")

        #expect(try await client.get("/healthz").json["logHead"] as? Int == 51)
        let after = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "after"))
        #expect(after.status == 202, "\(after.text)")
        #expect(after.json["position"] as? Int == 52)
        let read = try await client.get("/v1/activities/imported-50?minPosition=52")
        #expect(read.status == 200)
        #expect(try server.log.verify().isSound)
        await server.stop()
    }
}
