import StoreTesting
import Testing

@testable import EventLog

@Suite struct ErasureTests {
    /// A message of `size` bytes that carries `secret` several times.
    private func payload(_ secret: String, size: Int) -> String {
        let filler = String(repeating: "x", count: max(0, size - 3 * secret.utf8.count - 40))
        return "{\"name\":\"\(secret)\",\"text\":\"\(secret) \(filler) \(secret)\"}"
    }

    private func plan(_ positions: Set<LogPosition>, customer: String, through: LogPosition) -> LogErasurePlan {
        LogErasurePlan(
            positions: positions, searchedThrough: through, matches: { $0.customerID == customer },
            event: { redacted in
                makeEvent(id: "erasure-\(customer)", content: "{\"erased\":\(redacted.map(\.position))}", type: "CUSTOMER_ERASED", customer: nil)
            })
    }

    @Test func erasedRecordsAreRedactedInPlaceAndTheirBytesLeaveTheFile() async throws {
        try await withTemporaryLog { log, directory in
            var secrets: [String] = []
            for index in 0..<300 {
                let secret = "Zorblax-\(index)-Quenterby"
                let erased = index % 3 == 0
                if erased { secrets.append(secret) }
                // Small records sit in leaf pages; every tenth is larger than a page (overflow pages).
                let content = payload(erased ? secret : "kept-\(index)", size: index % 10 == 0 ? 6000 : 700)
                _ = try await log.append(makeEvent(id: "m-\(index)", content: content, customer: erased ? "gone" : "kept-\(index)"))
            }
            let knownFromReadModels: Set<LogPosition> = [1, 4]
            let erasure = try log.erase(plan(knownFromReadModels, customer: "gone", through: 2))

            #expect(erasure.position == 301)
            #expect(erasure.redacted == stride(from: 1, through: 298, by: 3).map { LogPosition($0) })
            let redacted = try #require(try log.event(at: 4))
            #expect(redacted.isRedacted && redacted.redactedBy == 301 && redacted.payload.isEmpty)
            #expect(redacted.messageID == "m-3" && redacted.type == "CUSTOMER_MESSAGE" && redacted.occurredAt == 1_700_000_000_000)
            #expect(redacted.routingKeys == RoutingKeys() && redacted.contentDigest == [UInt8](repeating: 0, count: 32))
            let kept = try #require(try log.event(at: 5))
            #expect(!kept.isRedacted && String(decoding: kept.payload, as: UTF8.self) == payload("kept-4", size: 700))
            #expect(try log.verify().isSound)
            // Appends go on meanwhile: the pages they write must not carry the erased bytes either.
            for index in 300..<400 {
                _ = try await log.append(makeEvent(id: "m-\(index)", content: payload("kept-\(index)", size: 700), customer: "kept"))
            }
            await log.waitUntilScrubbed()
            for index in 400..<450 {
                _ = try await log.append(makeEvent(id: "m-\(index)", content: payload("kept-\(index)", size: 700), customer: "kept"))
            }
            #expect(!log.isScrubbing)
            #expect(ByteScan.findings(of: secrets, under: directory) == [])
            #expect(ByteScan.findings(of: ["kept-4", "kept-299", "kept-449"], under: directory).count == 3)
        }
    }

    @Test func aRedeliveredErasedIDIsADuplicateWhateverItsContent() async throws {
        try await withTemporaryLog { log, _ in
            _ = try await log.append(makeEvent(id: "m-1", content: "{\"phone\":\"+4915550001\"}", customer: "gone"))
            _ = try log.erase(plan([1], customer: "gone", through: 1))
            let again = try await log.append(makeEvent(id: "m-1", content: "{\"phone\":\"+4915550001\"}", customer: "gone"))
            let altered = try await log.append(makeEvent(id: "m-1", content: "{\"phone\":\"+4915550002\"}", customer: "gone"))
            #expect(again == AppendResult(position: 1, duplicate: true))
            #expect(altered == AppendResult(position: 1, duplicate: true))
            #expect(log.head == 2)
            #expect(try log.event(at: 1)?.isRedacted == true)
        }
    }

    @Test func aScrubLeftUnfinishedResumesAtTheNextOpen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/log"
        let log = try EventLog(directory: path)
        _ = try await log.append(makeEvent(id: "m-1", content: payload("Vexmorrow-Ilsabeth", size: 900), customer: "gone"))
        _ = try await log.append(makeEvent(id: "m-2", content: payload("kept", size: 900), customer: "kept"))
        // As a crash right after the erasure's commit would: nothing overwrites the old bytes here.
        await log.scrubber.stop()
        _ = try log.erase(plan([1], customer: "gone", through: 2))
        #expect(log.isScrubbing)
        #expect(!ByteScan.findings(of: ["Vexmorrow-Ilsabeth"], under: path).isEmpty, "the old bytes are there until the scrub")
        await log.close()

        let reopened = try EventLog(directory: path)
        await reopened.waitUntilScrubbed()
        #expect(!reopened.isScrubbing)
        #expect(ByteScan.findings(of: ["Vexmorrow-Ilsabeth"], under: path) == [])
        #expect(try reopened.verify().isSound)
        await reopened.close()
    }
}
