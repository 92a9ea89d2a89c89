import EventLog
import Projections
import StoreTesting
import Testing

@Suite struct WebhookRebuildTests {
    @Test func aRebuildFromTheLogGivesTheSameCallsAndTimelinesAsTheLiveProjections() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        for name in WebhookFixtures.eightByEightSession {
            let response = try await client.postJSON("/webhooks/8x8/voice", try WebhookFixtures.bytes(name))
            try #require(response.status == 200, "\(response.text)")
        }
        for name in WebhookFixtures.ccaiReferenceCalls {
            let response = try await client.postJSON("/webhooks/ccai/calls", try WebhookFixtures.bytes(name))
            try #require(response.status == 202, "\(response.text)")
        }
        let head = server.log.head
        #expect(await server.runner.waitUntilApplied(head, timeout: .seconds(10)))
        let live = try ReadModelDump.dump(path: layout.projectionsLink)
        await server.stop()

        let log = try EventLog(directory: layout.logDirectory)
        _ = try await Rebuilder(log: log, layout: layout).rebuild()
        await log.close()
        let rebuilt = try ReadModelDump.dump(path: layout.projectionsLink)

        let callRows = live.split(separator: "\n").filter { $0.hasPrefix("calls ") }
        #expect(callRows.count == 6)
        #expect(live.split(separator: "\n").filter { $0.hasPrefix("call_activities ") }.count == Int(head.rawValue))
        #expect(rebuilt == live)
    }
}
