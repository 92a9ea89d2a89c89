import Crypto
public import EventLog
import Foundation

/// The erasure event: what the log records when a customer is forgotten. It names the
/// customer ids and the redacted positions, who asked, when and why — no personal data
/// (the reason is the operator's text; docs/erasure.md asks for a ticket reference, not a
/// name).
public struct CustomerErasure: Sendable, Hashable, Codable {
    /// The record type of erasure events.
    public static let eventType = LogErasure.eventType

    /// A random id, also the event's message id (`erasure-` + UUID).
    public var erasureID: String
    /// The customer as asked for, then every id merged into it.
    public var customerIDs: [String]
    /// The redacted records (what stays of them).
    public var redacted: [RedactedRecord]
    /// The operator's reason.
    public var reason: String?
    /// The account that asked (`cli:<user>` from the command line).
    public var requestedBy: String
    /// When it was asked (epoch ms).
    public var requestedAt: Int64
    /// Timeline rows erased.
    public var activities: Int
    /// Channel identities erased.
    public var identities: Int
    /// Conversations erased.
    public var conversations: Int

    /// The event to append.
    func event() -> NewEvent {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let payload = (try? encoder.encode(self)).map(Array.init) ?? []
        return NewEvent(
            messageID: erasureID, type: Self.eventType, occurredAt: requestedAt, recordedAt: requestedAt, routingKeys: RoutingKeys(),
            contentDigest: Array(SHA256.hash(data: payload)), payload: payload)
    }

    /// The redacted positions.
    var positions: [UInt64] { redacted.map(\.position) }

    /// The erasure an erasure event records, or `nil` for any other event.
    init?(_ event: RecordedEvent) {
        guard event.type == Self.eventType, let decoded = try? JSONDecoder().decode(Self.self, from: Data(event.payload)) else { return nil }
        self = decoded
    }

    init(
        erasureID: String, customerIDs: [String], redacted: [RedactedRecord], reason: String?, requestedBy: String, requestedAt: Int64,
        activities: Int, identities: Int, conversations: Int
    ) {
        self.erasureID = erasureID
        self.customerIDs = customerIDs
        self.redacted = redacted
        self.reason = reason
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.activities = activities
        self.identities = identities
        self.conversations = conversations
    }
}
