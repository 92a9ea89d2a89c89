/// The value of the `ids` database: where a message id's event is and what it contained.
struct IDIndexEntry: Equatable {
    let position: LogPosition
    let contentDigest: [UInt8]

    init(position: LogPosition, contentDigest: [UInt8]) {
        self.position = position
        self.contentDigest = contentDigest
    }

    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 8 else { return nil }
        position = LogPosition(UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)))
        contentDigest = Array(UnsafeRawBufferPointer(rebasing: bytes[8...]))
    }

    var bytes: [UInt8] { position.key + contentDigest }

    /// `true` for the entry of a redacted record: a redelivery of its id, with any content,
    /// is answered as a duplicate and stores nothing.
    var isRedacted: Bool { contentDigest == RecordCodec.redactedDigest }
}
