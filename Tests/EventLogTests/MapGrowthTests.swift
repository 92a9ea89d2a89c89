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
}
