import EventLog
import Testing

@Suite struct TailTests {
    @Test func theTailReplaysThenWakesOnEachCommit() async throws {
        try await withTemporaryLog { log, _ in
            _ = try await log.append(contentsOf: (1...3).map { makeEvent(id: "m-\($0)", content: "\($0)") })
            let reader = Task {
                var positions: [UInt64] = []
                for try await event in log.events(after: 1) {
                    positions.append(event.position.rawValue)
                    if positions.count == 6 { break }
                }
                return positions
            }
            for index in 4...7 {
                try await Task.sleep(for: .milliseconds(20))
                _ = try await log.append(makeEvent(id: "m-\(index)", content: "\(index)"))
            }
            #expect(try await reader.value == [2, 3, 4, 5, 6, 7])
        }
    }

    @Test func waitingForTheHeadEndsWhenTheTaskIsCancelled() async throws {
        try await withTemporaryLog { log, _ in
            let waiter = Task { await log.waitForHead(beyond: 10) }
            try await Task.sleep(for: .milliseconds(20))
            waiter.cancel()
            #expect(await waiter.value == .start)
        }
    }
}
