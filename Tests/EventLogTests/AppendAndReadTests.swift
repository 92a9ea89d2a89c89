import EventLog
import StoreTesting
import Testing

@Suite struct AppendAndReadTests {
    @Test func positionsStartAtOneAndAreContiguous() async throws {
        try await withTemporaryLog { log, _ in
            #expect(log.head == .start)
            for index in 1...5 {
                let result = try await log.append(makeEvent(id: "m-\(index)", content: "{\"n\":\(index)}"))
                #expect(result == AppendResult(position: LogPosition(UInt64(index)), duplicate: false))
            }
            #expect(log.head == 5)
            let events = try log.read(after: .start, limit: 100)
            #expect(events.map(\.position.rawValue) == [1, 2, 3, 4, 5])
        }
    }

    @Test func recordsRoundTripEveryEnvelopeFieldAndThePayloadBytes() async throws {
        try await withTemporaryLog { log, _ in
            let payload = "{\"id\": \"m-1\",  \"text\": \"grüezi \\u00e9\"}\n"
            let event = makeEvent(id: "m-1", content: payload, type: "AGENT_MESSAGE", customer: "cust-9")
            _ = try await log.append(event)
            let stored = try #require(try log.event(at: 1))
            #expect(stored.messageID == "m-1")
            #expect(stored.type == "AGENT_MESSAGE")
            #expect(stored.occurredAt == 1_700_000_000_000)
            #expect(stored.recordedAt == 1_700_000_000_500)
            #expect(stored.routingKeys == RoutingKeys(customerID: "cust-9", conversationID: "conv-1"))
            #expect(stored.contentDigest == event.contentDigest)
            #expect(stored.payload == Array(payload.utf8))
        }
    }

    @Test func readAfterAPositionPagesInOrder() async throws {
        try await withTemporaryLog { log, _ in
            let events = (1...25).map { makeEvent(id: "m-\($0)", content: "{\"n\":\($0)}") }
            _ = try await log.append(contentsOf: events)
            #expect(try log.read(after: 10, limit: 5).map(\.position.rawValue) == [11, 12, 13, 14, 15])
            #expect(try log.read(after: 24, limit: 5).map(\.position.rawValue) == [25])
            #expect(try log.read(after: 25, limit: 5).isEmpty)
            #expect(try log.event(at: 26) == nil)
            #expect(try log.position(ofMessageID: "m-7") == 7)
            #expect(try log.position(ofMessageID: "unknown") == nil)
        }
    }

    @Test func theLogSurvivesReopeningWithItsHeadAndIndex() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try EventLog(directory: directory.path)
        _ = try await first.append(contentsOf: (1...3).map { makeEvent(id: "m-\($0)", content: "{\"n\":\($0)}") })
        let storeID = first.storeID
        await first.close()

        let second = try EventLog(directory: directory.path)
        #expect(second.head == 3)
        #expect(second.storeID == storeID)
        let again = try await second.append(makeEvent(id: "m-2", content: "{\"n\":2}"))
        #expect(again == AppendResult(position: 2, duplicate: true))
        let next = try await second.append(makeEvent(id: "m-4", content: "{\"n\":4}"))
        #expect(next.position == 4)
        await second.close()
    }

    @Test func appendsAfterCloseAreRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EventLog(directory: directory.path)
        await log.close()
        await #expect {
            _ = try await log.append(makeEvent(id: "late"))
        } throws: { error in
            (error as? EventLogError)?.code == .closed
        }
    }

    /// `serve` logs the head after closing the log; a read then must not touch the freed
    /// environment (it crashed the process with SIGSEGV on SIGTERM).
    @Test func readsAfterCloseAreRefusedAndTheHeadIsStillKnown() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EventLog(directory: directory.path)
        _ = try await log.append(contentsOf: [makeEvent(id: "a"), makeEvent(id: "b", content: "{\"b\":1}")])
        await log.close()
        #expect {
            _ = try log.read(after: .start, limit: 10)
        } throws: { error in
            (error as? EventLogError)?.code == .closed
        }
        #expect(log.head == 2)
    }
}
