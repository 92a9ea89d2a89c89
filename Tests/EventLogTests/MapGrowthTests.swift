import EventLog
import Testing

@Suite struct MapGrowthTests {
    @Test func aFullMapGrowsWithoutLosingOrTearingAnAppend() async throws {
        try await withTemporaryLog(configuration: .init(initialMapSize: 64 * 1024)) { log, _ in
            let payload = String(repeating: "x", count: 1000)
            for batch in 0..<20 {
                let events = (0..<50).map { makeEvent(id: "g-\(batch)-\($0)", content: "\(payload)\(batch)-\($0)") }
                let outcomes = try await log.append(contentsOf: events)
                #expect(outcomes.allSatisfy { (try? $0.get())?.duplicate == false })
            }
            #expect(log.head == 1000)
            #expect(log.statistics.mapGrowths > 0)
            let report = try log.verify()
            #expect(report.isSound, "\(report.problems)")
            #expect(report.eventCount == 1000)
        }
    }

    @Test func theMapGrowsUnderConcurrentAppendsAndEveryAcknowledgedEventIsWhereItsResultSaid() async throws {
        try await withTemporaryLog(configuration: .init(initialMapSize: 64 * 1024)) { log, _ in
            let payload = String(repeating: "y", count: 800)
            let acknowledged = try await withThrowingTaskGroup(of: [(String, LogPosition)].self) { group in
                for producer in 0..<16 {
                    group.addTask {
                        var results: [(String, LogPosition)] = []
                        for index in 0..<100 {
                            let id = "c-\(producer)-\(index)"
                            let result = try await log.append(makeEvent(id: id, content: "\(payload)\(id)"))
                            #expect(!result.duplicate)
                            results.append((id, result.position))
                        }
                        return results
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(acknowledged.count == 1600)
            #expect(log.head == 1600)
            #expect(log.statistics.mapGrowths > 0)
            for (id, position) in acknowledged {
                #expect(try log.position(ofMessageID: id) == position, "\(id)")
            }
            let report = try log.verify()
            #expect(report.isSound, "\(report.problems)")
        }
    }

    /// A replica's appends go through the same growth as the writer's: a log whose map holds a
    /// few records takes a thousand replicated ones, byte for byte.
    @Test func aFullMapGrowsUnderReplicatedAppends() async throws {
        let records = try await withTemporaryLog { primary, _ in
            let payload = String(repeating: "r", count: 900)
            _ = try await primary.append(contentsOf: (0..<1000).map { makeEvent(id: "r-\($0)", content: "\(payload)\($0)") })
            return try primary.records(after: .start, limit: .max, maximumBytes: .max)
        }
        try await withTemporaryLog(configuration: .init(initialMapSize: 64 * 1024)) { replica, _ in
            for chunk in stride(from: 0, to: records.count, by: 250) {
                try replica.appendReplicated(Array(records[chunk..<chunk + 250]))
            }
            #expect(replica.head == 1000)
            #expect(try replica.records(after: .start, limit: .max, maximumBytes: .max) == records)
            #expect(try replica.verify().isSound)
        }
    }
}
