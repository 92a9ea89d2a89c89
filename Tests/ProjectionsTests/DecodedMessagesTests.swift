import CIM
import EventLog
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

    @Test func theServerHandsEveryIngestedMessageOverAndKeepsNothingOnceApplied() async throws {
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
