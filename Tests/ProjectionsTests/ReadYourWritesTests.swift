import EventLog
import Foundation
import GRDB
import Projections
import QueryAPI
import StoreTesting
import Testing

@Suite struct ReadYourWritesTests {
    @Test(.timeLimit(.minutes(1)))
    func waitingForAPositionEndsWhenTheRunnerStops() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let runner = server.runner
        await server.stop()
        #expect(await runner.waitUntilApplied(LogPosition(1000), timeout: .seconds(120)) == false)
    }

    /// A position the log holds but the read models have not applied in time is a 503 with
    /// `Retry-After` (the projections are held back here by another writer's lock on the read
    /// models); once they catch up, the same read answers.
    @Test(.timeLimit(.minutes(1)))
    func aPositionTheReadModelsHaveNotAppliedIsA503UntilTheyDo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path) { $0.readYourWritesTimeout = .milliseconds(300) }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let lock = try DatabaseQueue(path: StoreLayout(dataDirectory: directory.path).projectionsLink)
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let release = DispatchSemaphore(value: 0)
        Thread {
            try? lock.inTransaction(.immediate) { _ in
                holding.yield()
                release.wait()
                return .commit
            }
        }.start()
        var heldIterator = held.makeAsyncIterator()
        await heldIterator.next()

        let posted = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1"))
        let position = try #require(posted.json["position"] as? Int)
        let behind = try await client.get("/v1/activities/m-1?minPosition=\(position)")
        #expect(behind.status == 503)
        #expect(behind.headers["retry-after"] == "1")
        #expect(behind.text.contains("not yet \(position)"))

        release.signal()
        var caughtUp = behind
        for _ in 0..<40 where caughtUp.status != 200 {
            try await Task.sleep(for: .milliseconds(250))
            caughtUp = try await client.get("/v1/activities/m-1?minPosition=\(position)")
        }
        #expect(caughtUp.status == 200)
        await server.stop()
    }
}
