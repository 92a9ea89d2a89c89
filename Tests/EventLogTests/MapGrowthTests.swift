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
}
