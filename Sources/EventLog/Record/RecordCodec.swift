/// Encodes and decodes log records (format version 1, documented in
/// `docs/record-format.md`).
///
/// ```
/// u8      format version (1)
/// u64 BE  position
/// i64 BE  recorded-at, epoch ms
/// i64 BE  occurred-at, epoch ms
/// [32]    content digest (SHA-256)
/// u16 BE  length, then UTF-8  message id
/// u16 BE  length, then UTF-8  activity type
/// u8      routing key count, then per key: u8 tag, u16 BE length, UTF-8 value
/// u32 BE  length, then bytes  the message exactly as received
/// u32 BE  CRC-32C of every byte before it except the position (bytes 1…8)
/// ```
///
/// The position is left out of the checksum so that a record can be encoded (and
/// checksummed) by the caller before the writer knows its position; the position is
/// verified against the record's key instead.
enum RecordCodec {
    static let formatVersion: UInt8 = 1
    static let digestLength = 32
    static let positionRange = 1..<9

    enum RoutingTag: UInt8 {
        case customerID = 1
        case channelCustomerIdentifier = 2
        case serviceIdentifier = 3
        case conversationID = 4
        case channelSessionID = 5
        /// Only in a redacted record: the position of the erasure that redacted it, in decimal.
        case redactedBy = 6
    }

    /// The content digest of a redacted record (and of its `ids` entry): all zeros, so that
    /// nothing is left to confirm a guess of the erased content against.
    static let redactedDigest = [UInt8](repeating: 0, count: digestLength)

    static func encode(
        messageID: String,
        type: String,
        occurredAt: Int64,
        recordedAt: Int64,
        routingKeys: RoutingKeys,
        contentDigest: [UInt8],
        payload: some Collection<UInt8>
    ) -> [UInt8] {
        precondition(contentDigest.count == digestLength, "a content digest is 32 bytes")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(96 + messageID.utf8.count + type.utf8.count + payload.count)
        bytes.append(formatVersion)
        appendInteger(UInt64(0), to: &bytes)
        appendInteger(recordedAt, to: &bytes)
        appendInteger(occurredAt, to: &bytes)
        bytes.append(contentsOf: contentDigest)
        appendString(messageID, to: &bytes)
        appendString(type, to: &bytes)
        let keys: [(RoutingTag, String?)] = [
            (.customerID, routingKeys.customerID),
            (.channelCustomerIdentifier, routingKeys.channelCustomerIdentifier),
            (.serviceIdentifier, routingKeys.serviceIdentifier),
            (.conversationID, routingKeys.conversationID),
            (.channelSessionID, routingKeys.channelSessionID),
        ]
        let present = keys.compactMap { tag, value in value.map { (tag, $0) } }
        bytes.append(UInt8(present.count))
        for (tag, value) in present {
            bytes.append(tag.rawValue)
            appendString(value, to: &bytes)
        }
        appendInteger(UInt32(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
        let checksum = bytes.withUnsafeBytes { checksumOf(record: $0, bodyEnd: $0.count) }
        appendInteger(checksum, to: &bytes)
        return bytes
    }

    static func decode(_ record: UnsafeRawBufferPointer, expectedPosition: LogPosition) throws(EventLogError) -> RecordedEvent {
        func corrupt(_ reason: String) -> EventLogError {
            EventLogError(code: .corruptRecord, message: "record \(expectedPosition) \(reason)", position: expectedPosition)
        }
        guard record.count >= 1 + 8 + 8 + 8 + digestLength + 2 + 2 + 1 + 4 + 4 else { throw corrupt("is truncated") }
        guard record[0] == formatVersion else { throw corrupt("has unknown format version \(record[0])") }
        let stored = UInt32(bigEndian: record.loadUnaligned(fromByteOffset: record.count - 4, as: UInt32.self))
        guard checksumOf(record: record, bodyEnd: record.count - 4) == stored else { throw corrupt("fails its checksum") }

        var reader = RecordReader(bytes: record, limit: record.count - 4)
        _ = reader.uint8()
        guard let position = reader.uint64(), let recordedAt = reader.uint64(), let occurredAt = reader.uint64(),
            let digest = reader.bytes(digestLength), let messageID = reader.string(), let type = reader.string(),
            let tagged = reader.routingKeys()
        else { throw corrupt("is truncated") }
        guard position == expectedPosition.rawValue else {
            throw corrupt("claims position \(position)")
        }
        let (keys, redactedBy) = tagged
        guard let payloadLength = reader.uint32(), let payload = reader.bytes(Int(payloadLength)), reader.isAtEnd else {
            throw corrupt("has a payload length that does not match its size")
        }
        return RecordedEvent(
            position: expectedPosition,
            messageID: messageID,
            type: type,
            occurredAt: Int64(bitPattern: occurredAt),
            recordedAt: Int64(bitPattern: recordedAt),
            routingKeys: keys,
            contentDigest: digest,
            payload: payload,
            redactedBy: redactedBy
        )
    }

    /// The redacted record that replaces `event` once the erasure at `erasure` forgets it:
    /// the same position, message id, type and times; no routing keys, a zero digest, no
    /// payload; and the erasure's position under ``RoutingTag/redactedBy``.
    static func encodeRedacted(_ event: RedactedRecord, erasure: LogPosition) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.append(formatVersion)
        appendInteger(event.position, to: &bytes)
        appendInteger(event.recordedAt, to: &bytes)
        appendInteger(event.occurredAt, to: &bytes)
        bytes.append(contentsOf: redactedDigest)
        appendString(event.messageID, to: &bytes)
        appendString(event.type, to: &bytes)
        bytes.append(1)
        bytes.append(RoutingTag.redactedBy.rawValue)
        appendString(String(erasure.rawValue), to: &bytes)
        appendInteger(UInt32(0), to: &bytes)
        let checksum = bytes.withUnsafeBytes { checksumOf(record: $0, bodyEnd: $0.count) }
        appendInteger(checksum, to: &bytes)
        return bytes
    }

    /// The activity type of a record, read from its envelope (unchecked).
    static func type(of record: UnsafeRawBufferPointer) -> String? {
        var reader = RecordReader(bytes: record, limit: record.count - 4)
        guard record.count > 4, reader.uint8() == formatVersion, reader.skip(8 + 8 + 8 + digestLength), let idLength = reader.uint16(),
            reader.skip(Int(idLength))
        else { return nil }
        return reader.string()
    }

    /// The routing keys of a record and whether it is redacted, read from its envelope
    /// without checking its checksum or copying its payload (for scans of the whole log).
    static func envelope(of record: UnsafeRawBufferPointer) -> (keys: RoutingKeys, redacted: Bool)? {
        var reader = RecordReader(bytes: record, limit: record.count - 4)
        guard record.count > 4, reader.uint8() == formatVersion, reader.skip(8 + 8 + 8 + digestLength), let idLength = reader.uint16(),
            reader.skip(Int(idLength)), let typeLength = reader.uint16(), reader.skip(Int(typeLength)), let tagged = reader.routingKeys()
        else { return nil }
        return (tagged.keys, tagged.redactedBy != nil)
    }

    /// Writes `position` into an encoded record (in place, in the reserved LMDB value).
    static func stamp(position: LogPosition, into record: UnsafeMutableRawBufferPointer) {
        record.storeBytes(of: position.rawValue.bigEndian, toByteOffset: positionRange.lowerBound, as: UInt64.self)
    }

    private static func checksumOf(record: UnsafeRawBufferPointer, bodyEnd: Int) -> UInt32 {
        let head = CRC32C.update(0, UnsafeRawBufferPointer(rebasing: record[0..<positionRange.lowerBound]))
        return CRC32C.update(head, UnsafeRawBufferPointer(rebasing: record[positionRange.upperBound..<bodyEnd]))
    }

    private static func appendInteger<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendString(_ string: String, to bytes: inout [UInt8]) {
        let utf8 = string.utf8
        precondition(utf8.count <= Int(UInt16.max), "strings in a record envelope are at most 65535 bytes")
        appendInteger(UInt16(utf8.count), to: &bytes)
        bytes.append(contentsOf: utf8)
    }
}

private struct RecordReader {
    let bytes: UnsafeRawBufferPointer
    let limit: Int
    var offset = 0

    init(bytes: UnsafeRawBufferPointer, limit: Int) {
        self.bytes = bytes
        self.limit = limit
    }

    var isAtEnd: Bool { offset == limit }

    mutating func uint8() -> UInt8? {
        guard offset + 1 <= limit else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func skip(_ count: Int) -> Bool {
        guard offset + count <= limit else { return false }
        offset += count
        return true
    }

    /// The routing keys (a count, then tag, length, value each), and the erasure's position
    /// of a redacted record; tags it does not know are skipped.
    mutating func routingKeys() -> (keys: RoutingKeys, redactedBy: LogPosition?)? {
        guard let count = uint8() else { return nil }
        var keys = RoutingKeys()
        var redactedBy: LogPosition?
        for _ in 0..<count {
            guard let tag = uint8(), let value = string() else { return nil }
            switch RecordCodec.RoutingTag(rawValue: tag) {
            case .customerID: keys.customerID = value
            case .channelCustomerIdentifier: keys.channelCustomerIdentifier = value
            case .serviceIdentifier: keys.serviceIdentifier = value
            case .conversationID: keys.conversationID = value
            case .channelSessionID: keys.channelSessionID = value
            case .redactedBy: redactedBy = UInt64(value).map { LogPosition($0) }
            case nil: continue
            }
        }
        return (keys, redactedBy)
    }

    mutating func uint16() -> UInt16? { integer(UInt16.self) }
    mutating func uint32() -> UInt32? { integer(UInt32.self) }
    mutating func uint64() -> UInt64? { integer(UInt64.self) }

    private mutating func integer<Integer: FixedWidthInteger>(_: Integer.Type) -> Integer? {
        let size = MemoryLayout<Integer>.size
        guard offset + size <= limit else { return nil }
        defer { offset += size }
        return Integer(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Integer.self))
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset + count <= limit else { return nil }
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
    }

    mutating func string() -> String? {
        guard let length = uint16(), let raw = bytes(Int(length)) else { return nil }
        return String(validating: raw, as: UTF8.self)
    }
}
