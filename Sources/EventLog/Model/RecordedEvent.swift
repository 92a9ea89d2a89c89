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
    /// The message bytes exactly as received; empty once redacted.
    public let payload: [UInt8]
    /// For a redacted record, the position of the erasure that redacted it; `nil` otherwise.
    public let redactedBy: LogPosition?

    /// `true` when an erasure replaced the message by a redacted record.
    public var isRedacted: Bool { redactedBy != nil }
}
