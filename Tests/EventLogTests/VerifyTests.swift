import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct VerifyTests {
    @Test func aSoundLogVerifies() async throws {
        try await withTemporaryLog { log, _ in
            _ = try await log.append(contentsOf: (1...100).map { makeEvent(id: "m-\($0)", content: "{\"n\":\($0)}") })
            let report = try log.verify()
            #expect(report.isSound)
            #expect(report.eventCount == 100)
            #expect(report.lastPosition == 100)
        }
    }

    @Test func aDamagedRecordFailsVerificationAndNamesItsPosition() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try EventLog(directory: directory.path)
        for index in 1...10 {
            let marker = index == 7 ? "MARKER-SEVEN" : "payload-\(index)"
            _ = try await log.append(makeEvent(id: "m-\(index)", content: "{\"text\":\"\(marker)\"}"))
        }
        await log.close()

        try LogDamage.overwrite(marker: "MARKER-SEVEN", inLogDirectory: directory.path, with: UInt8(ascii: "N"))

        let reopened = try EventLog(directory: directory.path)
        let report = try reopened.verify()
        #expect(throws: EventLogError.self, "a damaged record is refused, not served") { try reopened.event(at: 7) }
        #expect(try reopened.event(at: 6)?.messageID == "m-6")
        await reopened.close()
        #expect(!report.isSound)
        #expect(report.problems.map(\.position) == [7])
        #expect(report.problems.first?.message.contains("checksum") == true)
    }
}
