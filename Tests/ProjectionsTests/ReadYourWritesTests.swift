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

    /// Under the batch route's load, a read with `minPosition` of a batch that just got its
    /// `202` answers `200` within 1 s (the server's bound on that wait here), every time:
    /// writes are paced by the read models. The load must have pushed the log ahead of them,
    /// or the test proves nothing; the limit is small so that it does even in a debug build,
    /// whose ingest is barely faster than its projections (unpaced, they trailed by 2,500
    /// events here). A write waits for the read models as long as it takes here (serve's
    /// 1 s bound let writes pass a loaded run's slow projections, and the lag exceed the limit).
    @Test(.timeLimit(.minutes(3)))
    func aBatchJustAcknowledgedUnderTheBatchLoadIsReadWithinASecond() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path, projectionLagLimit: 500, pacingMaximumWait: .seconds(60)) {
            $0.readYourWritesTimeout = .seconds(1)
        }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let load = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var round = 0
                        while !Task.isCancelled {
                            let posted = try await client.postJSON(
                                "/ccm/message/receive/batch", Self.batch("load-\(worker)-\(round)"), contentType: "application/x-ndjson")
                            try #require(posted.status == 202 || Task.isCancelled)
                            round += 1
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let lag = Task {
            var peak: UInt64 = 0
            while !Task.isCancelled {
                peak = max(peak, server.log.head.rawValue - min(server.log.head.rawValue, server.runner.applied.position.rawValue))
                try? await Task.sleep(for: .milliseconds(20))
            }
            return peak
        }

        try await Task.sleep(for: .seconds(1))
        var answers: [Int] = []
        for _ in 0..<15 {
            let prefix = "probe-\(answers.count)"
            let posted = try await client.postJSON("/ccm/message/receive/batch", Self.batch(prefix), contentType: "application/x-ndjson")
            try #require(posted.status == 202)
            let position = try #require(posted.headers["cx-log-position"])
            answers.append(try await client.get("/v1/activities/\(prefix)-99?minPosition=\(position)").status)
        }
        load.cancel()
        lag.cancel()
        _ = await load.result
        let peakLag = await lag.value
        #expect(answers.allSatisfy { $0 == 200 }, "answers: \(answers)")
        #expect(peakLag >= 250, "the load never got ahead of the projections (peak lag \(peakLag) events)")
        #expect(peakLag <= 500, "the read models trailed by \(peakLag) events, beyond the pacing limit")
        await server.stop()
    }

    /// A batch of 100 messages, `PREFIX-0` to `PREFIX-99`, as NDJSON.
    private static func batch(_ prefix: String) -> String {
        (0..<100).map { CIMFixtures.plainMessage(id: "\(prefix)-\($0)", text: "load \($0)").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: "\n")
    }
}
