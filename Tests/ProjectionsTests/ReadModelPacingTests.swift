import CIM
import EventLog
import Ingest
import StoreTesting
import Testing

/// Writes wait, before anything of them is logged, while the read models trail the log by
/// more than the limit; they go in the order they came, and never depend on read models that
/// make no progress.
@Suite struct ReadModelPacingTests {
    /// A log holding 10 events, read models that have applied none of them (`applied`), and
    /// an ingestor paced by them.
    private struct TrailingStore {
        let directory: TemporaryDirectory
        let log: EventLog
        let applied = PositionNotifier(position: .start)
        let pacing: ReadModelPacing
        let ingestor: Ingestor

        init(limit: Int, maximumWait: Duration) async throws {
            directory = try TemporaryDirectory()
            log = try EventLog(directory: directory.path)
            for index in 1...10 {
                _ = try await Ingestor(log: log).ingest(Array(CIMFixtures.plainMessage(id: "logged-\(index)").utf8), origin: .cimMessage)
            }
            pacing = ReadModelPacing(log: log, applied: applied, limit: limit, maximumWait: maximumWait)
            ingestor = Ingestor(log: log, pacing: pacing)
        }

        /// Ingests one message in a task of its own.
        func write(_ id: String) -> Task<IngestReceipt, any Error> {
            Task { [ingestor] in try await ingestor.ingest(Array(CIMFixtures.plainMessage(id: id).utf8), origin: .cimMessage) }
        }

        /// Waits (at most 10 s) until the pacing counts `outstanding` events: the writes under
        /// test have reached it and are waiting.
        func waitUntilOutstanding(_ outstanding: Int) async throws {
            for _ in 0..<1000 where pacing.outstanding != outstanding { try await Task.sleep(for: .milliseconds(10)) }
            try #require(pacing.outstanding == outstanding)
        }

        func close() async {
            await log.close()
            directory.remove()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aWriteWaitsUnloggedWhileTheReadModelsTrailAndGoesWhenTheyCatchUp() async throws {
        let store = try await TrailingStore(limit: 10, maximumWait: .seconds(60))

        let waiting = store.write("paced")
        try await store.waitUntilOutstanding(11)
        #expect(store.log.head == 10, "a waiting write was logged")
        store.applied.publish(1)
        #expect(try await waiting.value.result.position == 11)
        #expect(store.pacing.outstanding == 10)
        #expect((store.pacing.totals.waited, store.pacing.totals.unpaced) == (1, 0))
        await store.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func writesGoInTheOrderTheyCame() async throws {
        let store = try await TrailingStore(limit: 10, maximumWait: .seconds(60))

        let first = store.write("first")
        try await store.waitUntilOutstanding(11)
        let second = store.write("second")
        try await store.waitUntilOutstanding(12)
        store.applied.publish(1)
        #expect(try await first.value.result.position == 11)
        try await store.waitUntilOutstanding(11)
        #expect(store.log.head == 11, "the second write went with the first one's room")
        store.applied.publish(2)
        #expect(try await second.value.result.position == 12)
        await store.close()
    }

    /// Read models that apply nothing for the whole wait (failing, or rebuilding elsewhere)
    /// hold one write for that wait; the writes after it go at once until they move again.
    @Test(.timeLimit(.minutes(1)))
    func readModelsThatMakeNoProgressDoNotHoldIngestBack() async throws {
        let store = try await TrailingStore(limit: 5, maximumWait: .seconds(3))

        let held = ContinuousClock.now
        #expect(try await store.write("held").value.result.position == 11)
        #expect(ContinuousClock.now - held >= .seconds(3))
        for index in 1...5 {
            _ = try await store.write("unpaced-\(index)").value
        }
        // Counted, not timed (a busy machine once stretched five quick writes past 3 s): only
        // the first write waited, and all six went past the limit.
        #expect((store.pacing.totals.waited, store.pacing.totals.unpaced) == (1, 6), "the held write and the five after it went past the limit")
        await store.close()
    }
}
