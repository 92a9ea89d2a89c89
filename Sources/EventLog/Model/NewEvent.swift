/// An event on its way into the log: everything but the position, which the writer assigns.
///
/// The record bytes are encoded when the event is made, on the caller's task, so that the
/// single writer thread only copies them.
public struct NewEvent: Sendable {
    /// The idempotency key (the CIM message id).
    public let messageID: String
    /// The activity type.
    public let type: String
    /// When the event happened (epoch ms).
    public let occurredAt: Int64
    /// When the store accepted it (epoch ms).
    public let recordedAt: Int64
    /// The routing keys.
    public let routingKeys: RoutingKeys
    /// A digest of the content; the same id with another digest is a conflict.
    public let contentDigest: [UInt8]
    /// The encoded record, with a placeholder position.
    let record: [UInt8]

    /// Creates an event. `payload` is stored exactly as given.
    public init(
        messageID: String,
        type: String,
        occurredAt: Int64,
        recordedAt: Int64,
        routingKeys: RoutingKeys,
        contentDigest: [UInt8],
        payload: some Collection<UInt8>
    ) {
        self.messageID = messageID
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.routingKeys = routingKeys
        self.contentDigest = contentDigest
        self.record = RecordCodec.encode(
            messageID: messageID,
            type: type,
            occurredAt: occurredAt,
            recordedAt: recordedAt,
            routingKeys: routingKeys,
            contentDigest: contentDigest,
            payload: payload
        )
    }
}
