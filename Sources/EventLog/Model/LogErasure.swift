import Foundation

/// What to forget, as the log sees it: positions, and a test on routing keys for records
/// the caller has not seen. The log knows nothing of customers; the caller (the read
/// models) says which records are theirs.
public struct LogErasurePlan: Sendable {
    /// Records the caller found to belong to the subject.
    public var positions: Set<LogPosition>
    /// The caller searched the log up to here; records after it are tested with
    /// ``matches`` inside the erasure's own transaction, so that none appended meanwhile
    /// escapes.
    public var searchedThrough: LogPosition
    /// Whether a record with these routing keys belongs to the subject.
    public var matches: @Sendable (RoutingKeys) -> Bool
    /// The event that records the erasure, made from the records it redacts (ascending).
    /// Its type must be ``LogErasure/eventType`` and its payload a JSON object whose
    /// `redacted` member lists those records, so that a replica can apply it.
    public var event: @Sendable ([RedactedRecord]) -> NewEvent

    /// Creates a plan.
    public init(
        positions: Set<LogPosition>, searchedThrough: LogPosition, matches: @escaping @Sendable (RoutingKeys) -> Bool,
        event: @escaping @Sendable ([RedactedRecord]) -> NewEvent
    ) {
        self.positions = positions
        self.searchedThrough = searchedThrough
        self.matches = matches
        self.event = event
    }
}

/// What an erasure did to the log.
public struct LogErasure: Sendable, Hashable {
    /// The type of erasure events.
    public static let eventType = "CUSTOMER_ERASED"

    /// The position of the erasure event.
    public let position: LogPosition
    /// The records it redacted, ascending.
    public let redacted: [LogPosition]
}

/// What stays of an erased record: its place, id, type and times (no personal data). The
/// erasure event lists these, so that a replica, or a follower meeting the gap the stream's
/// secure deletion left, writes the same redacted record as the primary.
public struct RedactedRecord: Sendable, Hashable, Codable {
    /// Its position.
    public var position: UInt64
    /// The message id.
    public var messageID: String
    /// The activity type.
    public var type: String
    /// When it happened (epoch ms).
    public var occurredAt: Int64
    /// When it was recorded (epoch ms).
    public var recordedAt: Int64

    /// Creates one.
    public init(position: UInt64, messageID: String, type: String, occurredAt: Int64, recordedAt: Int64) {
        self.position = position
        self.messageID = messageID
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
    }

    /// The records an erasure event redacts (its payload's `redacted` member), or `nil`
    /// when `event` is not an erasure event.
    public static func listed(in event: RecordedEvent) -> [RedactedRecord]? {
        struct Listing: Decodable { var redacted: [RedactedRecord] }
        guard event.type == LogErasure.eventType else { return nil }
        return try? JSONDecoder().decode(Listing.self, from: Data(event.payload)).redacted
    }
}
