/// An event as stored in the log.
public struct RecordedEvent: Sendable, Hashable {
    /// Its position.
    public let position: LogPosition
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
    /// The content digest recorded with it.
    public let contentDigest: [UInt8]
    /// The message bytes exactly as received.
    public let payload: [UInt8]
}
