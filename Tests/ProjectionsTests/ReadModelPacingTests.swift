import CIM
import EventLog
import Ingest
import StoreTesting
import Testing

/// Writes wait, before anything of them is logged, while the read models trail the log by
/// more than the limit; they go in the order they came, and never depend on read models that
/// make no progress.
@Suite struct ReadModelPacingTests {
    /// A log holding `count` events, with read models that have applied none of them.
    private func trailingLog(_ count: Int, in directory: TemporaryDirectory) async throws -> (EventLog, PositionNotifier) {
        let log = try EventLog(directory: directory.path)
        let ingestor = Ingestor(log: log)
        for index in 1...count {
            _ = try await ingestor.ingest(Array(CIMFixtures.plainMessage(id: "logged-\(index)").utf8), origin: .cimMessage)
        }
        return (log, PositionNotifier(position: .start))
    }

    private func write(_ id: String, through ingestor: Ingestor) -> Task<IngestReceipt, any Error> {
        Task { try await ingestor.ingest(Array(CIMFixtures.plainMessage(id: id).utf8), origin: .cimMessage) }
    }

    /// Waits (at most 10 s) until `pacing` counts `outstanding` events: the writes under test
    /// have reached it and are waiting.
    private func waitUntil(_ pacing: ReadModelPacing, counts outstanding: Int) async throws {
        for _ in 0..<1000 where pacing.outstanding != outstanding { try await Task.sleep(for: .milliseconds(10)) }
        try #require(pacing.outstanding == outstanding)
    }

    @Test(.timeLimit(.minutes(1)))
    func aWriteWaitsUnloggedWhileTheReadModelsTrailAndGoesWhenTheyCatchUp() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (log, applied) = try await trailingLog(10, in: directory)
        let pacing = ReadModelPacing(log: log, applied: applied, limit: 10, maximumWait: .seconds(60))
        let ingestor = Ingestor(log: log, pacing: pacing)

        let waiting = write("paced", through: ingestor)
        try await waitUntil(pacing, counts: 11)
        #expect(log.head == 10, "a waiting write was logged")
        applied.publish(1)
        #expect(try await waiting.value.result.position == 11)
        #expect(pacing.outstanding == 10)
        await log.close()
    }

    @Test(.timeLimit(.minutes(1)))
    func writesGoInTheOrderTheyCame() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (log, applied) = try await trailingLog(10, in: directory)
        let pacing = ReadModelPacing(log: log, applied: applied, limit: 10, maximumWait: .seconds(60))
        let ingestor = Ingestor(log: log, pacing: pacing)

        let first = write("first", through: ingestor)
        try await waitUntil(pacing, counts: 11)
        let second = write("second", through: ingestor)
        try await waitUntil(pacing, counts: 12)
        applied.publish(1)
        #expect(try await first.value.result.position == 11)
        try await waitUntil(pacing, counts: 11)
        #expect(log.head == 11, "the second write went with the first one's room")
        applied.publish(2)
        #expect(try await second.value.result.position == 12)
        await log.close()
    }

    /// Read models that apply nothing for the whole wait (failing, or rebuilding elsewhere)
    /// hold one write for that wait; the writes after it go at once until they move again.
    @Test(.timeLimit(.minutes(1)))
    func readModelsThatMakeNoProgressDoNotHoldIngestBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (log, applied) = try await trailingLog(10, in: directory)
        let pacing = ReadModelPacing(log: log, applied: applied, limit: 5, maximumWait: .seconds(3))
        let ingestor = Ingestor(log: log, pacing: pacing)

        let held = ContinuousClock.now
        #expect(try await write("held", through: ingestor).value.result.position == 11)
        #expect(ContinuousClock.now - held >= .seconds(3))
        let unpaced = ContinuousClock.now
        for index in 1...5 {
            _ = try await write("unpaced-\(index)", through: ingestor).value
        }
        #expect(ContinuousClock.now - unpaced < .seconds(3), "each write waited again for read models that apply nothing")
        await log.close()
    }
}
