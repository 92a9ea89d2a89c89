import EventLog
import Testing

@Suite struct IdempotencyTests {
    @Test func duplicateMessageIDAppendsNothing() async throws {
        try await withTemporaryLog { log, _ in
            let first = try await log.append(makeEvent(id: "m-1", content: "{\"a\":1}"))
            let second = try await log.append(makeEvent(id: "m-1", content: "{\"a\":1}"))
            #expect(first == AppendResult(position: 1, duplicate: false))
            #expect(second == AppendResult(position: 1, duplicate: true))
            #expect(log.head == 1)
            #expect(log.statistics.duplicateEvents == 1)
        }
    }

    @Test func reusedIDWithOtherContentIsRefusedWithTheExistingPosition() async throws {
        try await withTemporaryLog { log, _ in
            _ = try await log.append(makeEvent(id: "m-0", content: "{\"a\":0}"))
            _ = try await log.append(makeEvent(id: "m-1", content: "{\"a\":1}"))
            await #expect {
                _ = try await log.append(makeEvent(id: "m-1", content: "{\"a\":2}"))
            } throws: { error in
                let error = error as? EventLogError
                return error?.code == .idConflict && error?.position == 2
            }
            #expect(log.head == 2)
            #expect(try log.read(after: .start, limit: 10).count == 2)
        }
    }

    @Test func oneIDPostedFromManyTasksAtOnceYieldsOneEvent() async throws {
        try await withTemporaryLog { log, _ in
            let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await log.append(makeEvent(id: "same", content: "{\"same\":true}")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.count == 200)
            #expect(Set(results.map(\.position)) == [1])
            #expect(results.filter { !$0.duplicate }.count == 1)
            #expect(log.head == 1)
        }
    }

    @Test func aConflictInsideABatchRefusesOnlyItsOwnEvent() async throws {
        try await withTemporaryLog { log, _ in
            let outcomes = try await log.append(contentsOf: [
                makeEvent(id: "a", content: "1"),
                makeEvent(id: "b", content: "2"),
                makeEvent(id: "a", content: "3"),
                makeEvent(id: "a", content: "1"),
                makeEvent(id: "c", content: "4"),
            ])
            #expect(try outcomes[0].get() == AppendResult(position: 1, duplicate: false))
            #expect(try outcomes[1].get() == AppendResult(position: 2, duplicate: false))
            #expect(throws: EventLogError.self) { try outcomes[2].get() }
            #expect(try outcomes[3].get() == AppendResult(position: 1, duplicate: true))
            #expect(try outcomes[4].get() == AppendResult(position: 3, duplicate: false))
            #expect(log.head == 3)
        }
    }
}
