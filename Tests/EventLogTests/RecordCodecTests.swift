import CCRC32C
import Testing

@testable import EventLog

@Suite struct RecordCodecTests {
    private func encoded(payload: String = "{\"a\":1}") -> [UInt8] {
        RecordCodec.encode(
            messageID: "m-1",
            type: "CUSTOMER_MESSAGE",
            occurredAt: 5,
            recordedAt: 7,
            routingKeys: RoutingKeys(customerID: "c", serviceIdentifier: "1122"),
            contentDigest: [UInt8](repeating: 9, count: 32),
            payload: Array(payload.utf8)
        )
    }

    @Test func aStampedRecordDecodesToItsFields() throws {
        var record = encoded()
        record.withUnsafeMutableBytes { RecordCodec.stamp(position: 42, into: $0) }
        let event = try record.withUnsafeBytes { try RecordCodec.decode($0, expectedPosition: 42) }
        #expect(event.position == 42)
        #expect(event.messageID == "m-1")
        #expect(event.type == "CUSTOMER_MESSAGE")
        #expect(event.occurredAt == 5)
        #expect(event.recordedAt == 7)
        #expect(event.routingKeys == RoutingKeys(customerID: "c", serviceIdentifier: "1122"))
        #expect(event.payload == Array("{\"a\":1}".utf8))
    }

    @Test func everyFlippedByteIsDetected() {
        var record = encoded()
        record.withUnsafeMutableBytes { RecordCodec.stamp(position: 3, into: $0) }
        for index in record.indices {
            var damaged = record
            damaged[index] ^= 0x40
            #expect(throws: EventLogError.self, "byte \(index)") {
                try damaged.withUnsafeBytes { _ = try RecordCodec.decode($0, expectedPosition: 3) }
            }
        }
    }

    @Test func aRecordUnderAnotherKeyIsRefused() {
        var record = encoded()
        record.withUnsafeMutableBytes { RecordCodec.stamp(position: 3, into: $0) }
        #expect(throws: EventLogError.self) {
            try record.withUnsafeBytes { _ = try RecordCodec.decode($0, expectedPosition: 4) }
        }
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        let check = Array("123456789".utf8).withUnsafeBytes { CRC32C.update(0, $0) }
        #expect(check == 0xE306_9283)
        let long = [UInt8](repeating: 0xA5, count: 1000)
        let whole = long.withUnsafeBytes { CRC32C.update(0, $0) }
        let split = long.withUnsafeBytes { bytes in
            CRC32C.update(CRC32C.update(0, UnsafeRawBufferPointer(rebasing: bytes[0..<333])), UnsafeRawBufferPointer(rebasing: bytes[333...]))
        }
        #expect(whole == split)
    }

    /// Both paths of the C function, the instruction and the tables, agree on every length
    /// and alignment (the tables are the path of processors without SSE 4.2).
    @Test func crc32cTablesAgreeWithTheInstruction() {
        let bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        #expect(Array("123456789".utf8).withUnsafeBytes { cx_crc32c_update_tables(0, $0.baseAddress, $0.count) } == 0xE306_9283)
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 15, 16, 63, 1000, 4000] {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    #expect(CRC32C.update(0x1234_5678, slice) == cx_crc32c_update_tables(0x1234_5678, slice.baseAddress, slice.count))
                }
            }
        }
    }
}
