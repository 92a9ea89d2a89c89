import EventLog
import Foundation
import GRDB
import Projections
import QueryAPI
import StoreTesting
import Testing

@Suite struct RebuildTests {
    /// A varied history: customers by identity then by explicit id (merges), conversations
    /// that close, IVR journeys, delivery notifications, third-party activities.
    static func history() -> [String] {
        var messages: [String] = []
        for customer in 0..<12 {
            let base = MessageBuilder().with {
                $0.identifier = "+4179000\(customer)"
                $0.conversationID = "conv-\(customer)"
                $0.sessionID = "cs-\(customer)"
                $0.timestamp = 1_700_000_000_000 + Int64(customer) * 100_000
            }
            messages.append(base.plain(id: "c\(customer)-1", text: "hello from \(customer)"))
            messages.append(
                base.with {
                    $0.senderType = "AGENT"; $0.timestamp += 1000
                }.plain(id: "c\(customer)-2", text: "agent reply"))
            messages.append(
                base.with {
                    $0.senderType = "AGENT"; $0.timestamp += 2000
                }.message(
                    id: "c\(customer)-3", body: #""type": "DELIVERYNOTIFICATION", "messageId": "c\#(customer)-1", "status": "READ""#))
            if customer % 3 == 0 {
                messages.append(
                    base.with {
                        $0.customerID = "crm-\(customer)"; $0.timestamp += 3000
                    }.plain(id: "c\(customer)-4", text: "logged in"))
            }
            if customer % 2 == 0 {
                messages.append(
                    base.with {
                        $0.senderType = "AGENT"; $0.timestamp += 4000
                    }.message(
                        id: "c\(customer)-5", body: #""type": "WRAPUP", "wrapups": [{"categoryName": "Sales", "value": "upsell"}]"#))
            }
            messages.append(
                MessageBuilder().with {
                    $0.senderType = "IVR"
                    $0.identifier = "+4179000\(customer)"
                    $0.service = "1218"
                    $0.intent = "IVR_AGGREGATED_ACTIVITY"
                    $0.timestamp = 1_700_000_000_000 + Int64(customer) * 100_000 - 500
                }.message(
                    id: "c\(customer)-ivr",
                    body:
                        #""type": "IVR_AGGREGATED_ACTIVITY", "startDirection": "INBOUND", "endDirection": "\#(customer % 2 == 0 ? "TRANSFER" : "DIALOG_ENDED")", "startTime": 1000, "endTime": 61000, "activities": [{"menu": "Main"}, {"menu": "Billing"}]"#
                ))
        }
        return messages
    }

    @Test func rebuildingTwiceGivesIdenticalRowsAndMatchesTheLiveProjection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        var last = 0
        for message in Self.history() {
            let response = try await client.postJSON("/ccm/message/receive", message)
            try #require(response.status == 202, "\(response.text)")
            last = response.json["position"] as? Int ?? last
        }
        #expect(await server.runner.waitUntilApplied(LogPosition(UInt64(last)), timeout: .seconds(10)))
        let live = try ReadModelDump.dump(path: layout.projectionsLink)
        await server.stop()

        let log = try EventLog(directory: layout.logDirectory)
        let first = try await Rebuilder(log: log, layout: layout).rebuild()
        let firstDump = try ReadModelDump.dump(path: layout.projectionsLink)
        let second = try await Rebuilder(log: log, layout: layout, batchSize: 7).rebuild()
        let secondDump = try ReadModelDump.dump(path: layout.projectionsLink)
        await log.close()

        #expect(first.events == UInt64(last))
        #expect(second.generation == first.generation + 1)
        #expect(firstDump.split(separator: "\n").count > 100)
        #expect(firstDump == secondDump)
        #expect(live == firstDump)
    }

    @Test func aServingStoreFollowsARebuildWithoutDowntime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        for message in Self.history().prefix(20) { _ = try await client.postJSON("/ccm/message/receive", message) }
        let before = server.runner.store.generation

        let rebuild = try await CommandRunner.run(["rebuild", "--data", directory.path])
        #expect(rebuild.status == 0, "\(rebuild.standardError)")
        #expect(rebuild.standardOutput.contains("rebuilt generation \(before + 1)"))
        #expect(rebuild.standardError.contains("events/s"))

        let after = try await client.postJSON(
            "/ccm/message/receive", MessageBuilder().with { $0.customerID = "late" }.plain(id: "late-1", text: "after"))
        let position = after.json["position"] as? Int ?? 0
        let read = try await client.get("/v1/activities/late-1?minPosition=\(position)")
        #expect(read.status == 200)
        #expect(server.runner.store.generation == before + 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: StoreLayout(dataDirectory: directory.path).projectionsDirectory)
        #expect(files.filter { $0.hasSuffix(".sqlite") }.count == 1, "the old generation is deleted: \(files)")
        await server.stop()
    }

    @Test func anOutdatedProjectionVersionIsRebuiltAtStart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        let first = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: first.baseURL)
        for message in Self.history().prefix(10) { _ = try await client.postJSON("/ccm/message/receive", message) }
        _ = await first.runner.waitUntilApplied(first.log.head, timeout: .seconds(10))
        await first.stop()

        let queue = try DatabaseQueue(path: layout.projectionsLink)
        try await queue.write { db in try db.execute(sql: "UPDATE projection_state SET version = 99 WHERE name = 'timeline'") }
        try queue.close()

        let second = try await TestServer.start(dataDirectory: directory.path)
        // Reads keep answering from generation 1 while generation 2 is built in the background.
        let deadline = ContinuousClock.now + .seconds(20)
        while second.runner.store.generation == 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let versions = try await second.runner.store.read { db in try Int.fetchAll(db, sql: "SELECT version FROM projection_state ORDER BY name") }
        #expect(versions == [1, 1, 1, 3])
        #expect(second.runner.store.generation == 2)
        await second.stop()
    }

    /// Two rebuilds in a row while `serve` runs: a store that follows the first swap only
    /// after the second rebuild has started must not delete the second one's file.
    @Test func followingASwapLateLeavesTheNextRebuildsFileAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        let log = try EventLog(directory: layout.logDirectory)
        let store = try ReadModelStore(layout: layout)
        _ = try await Rebuilder(log: log, layout: layout).rebuild()
        let next = layout.projectionsFile(generation: 3)
        #expect(FileManager.default.createFile(atPath: next, contents: Data("a rebuild still writing".utf8)))

        #expect(try store.followSwap())
        #expect(store.generation == 2)
        #expect(FileManager.default.fileExists(atPath: next), "the next rebuild's file is still there")
        #expect(!FileManager.default.fileExists(atPath: layout.projectionsFile(generation: 1)), "the old generation is gone")
        _ = try ReadModelStore(layout: layout)
        #expect(FileManager.default.fileExists(atPath: next), "opening the store leaves it too")
        await log.close()
    }
}
