import EventLog
import Testing

@Suite struct GroupCommitTests {
    @Test func sixtyFourConcurrentAppendersShareFewSyncs() async throws {
        try await withTemporaryLog { log, _ in
            let appendsPerTask = 50
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        for index in 0..<appendsPerTask {
                            _ = try await log.append(makeEvent(id: "t\(task)-\(index)", content: "{\"t\":\(task),\"i\":\(index)}"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let statistics = log.statistics
            let total = UInt64(64 * appendsPerTask)
            #expect(statistics.appendedEvents == total)
            #expect(log.head == LogPosition(total))
            #expect(statistics.syncs == statistics.committedBatches)
            // Every caller waits for its sync, so while one batch syncs the others queue up:
            // with 64 appenders the batches must average well above one append.
            #expect(statistics.syncs * 4 < total, "syncs: \(statistics.syncs) for \(total) appends")
            #expect(statistics.largestBatch > 1)
        }
    }

    @Test func relaxedModeSyncsOnItsIntervalNotPerBatch() async throws {
        try await withTemporaryLog(configuration: .init(durability: .relaxed(flushInterval: .seconds(60)))) { log, _ in
            for index in 0..<20 {
                _ = try await log.append(makeEvent(id: "r-\(index)", content: "{\"i\":\(index)}"))
            }
            #expect(log.statistics.committedBatches == 20)
            #expect(log.statistics.syncs == 0)
            #expect(try log.read(after: .start, limit: 100).count == 20)
        }
    }
}
