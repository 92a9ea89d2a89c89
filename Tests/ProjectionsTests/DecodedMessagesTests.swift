import CIM
import EventLog
import Ingest
import StoreTesting
import Testing

@testable import Projections

/// The hand-over of decoded messages from ingest to the projections is bounded and never
/// keeps what the projections have passed.
@Suite struct DecodedMessagesTests {
    private let message = try! MessageDecoder().message(from: Array(CIMFixtures.plainMessage(id: "m-1").utf8), origin: .cimMessage)

    @Test func aMessageIsTakenOnceAndNeverBeyondTheCapacity() {
        let held = DecodedMessages(capacity: 2)
        held.keep(message, at: 1)
        held.keep(message, at: 2)
        held.keep(message, at: 3)
        #expect(held.count == 2)
        #expect(held.take(1)?.id == message.id)
        #expect(held.take(1) == nil)
        #expect(held.take(3) == nil, "kept beyond the capacity")
    }

    @Test func whatTheProjectionsPassedIsDiscarded() {
        let held = DecodedMessages()
        for position in 1...5 { held.keep(message, at: LogPosition(UInt64(position))) }
        held.discard(through: 3)
        #expect(held.count == 2)
        #expect(held.take(3) == nil)
        #expect(held.take(4) != nil)
        held.keep(message, at: 2)
        #expect(held.take(2) == nil, "kept after the projections passed it")
    }

    /// The projections use the message handed over for a position instead of decoding the
    /// log record, and decode the record when nothing was handed over.
    @Test func preparingABatchTakesTheHandedOverMessageBeforeDecoding() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EventLog(directory: directory.path)
        let ingestor = Ingestor(log: log)
        _ = try await ingestor.ingest(Array(CIMFixtures.plainMessage(id: "logged").utf8), origin: .cimMessage)
        let recorded = try log.read(after: .start, limit: 1)
        await log.close()

        let held = DecodedMessages()
        held.keep(message, at: 1)
        let applier = ProjectionApplier(projections: [])
        #expect(applier.prepare(recorded, decoded: held).map { $0.message?.id.rawValue } == ["m-1"])
        #expect(applier.prepare(recorded, decoded: held).map { $0.message?.id.rawValue } == ["logged"])
    }

    @Test func theServerKeepsNothingOnceTheProjectionsHaveApplied() async throws {
        try await withHistory { history in
            for index in 1...40 {
                try await history.post(MessageBuilder().plain(id: "h-\(index)", text: "message \(index)"))
            }
            _ = try await history.json("/v1/activities/h-40")
            #expect(await history.server.runner.waitUntilApplied(LogPosition(UInt64(history.lastPosition)), timeout: .seconds(10)))
            #expect(history.server.runner.decoded.count == 0)
        }
    }
}
