import Foundation

/// The record a promoted replica writes first: through the stream, at the stream's head + 1,
/// before it takes any write. Once the stream holds it, the old primary's next publish finds
/// the stream ahead of its log and fences it, so a tenant moves while it ingests without two
/// primaries writing one log. The read models skip it; the events feed shows it.
public struct LogPromotion: Sendable, Codable, Hashable {
    /// The type of promotion records.
    public static let eventType = "PRIMARY_PROMOTED"

    /// The store id of the promoted log.
    public var storeId: String
    /// The stream it was promoted on.
    public var stream: String
    /// When it was promoted (epoch ms).
    public var promotedAt: Int64

    /// Creates one.
    public init(storeId: String, stream: String, promotedAt: Int64) {
        self.storeId = storeId
        self.stream = stream
        self.promotedAt = promotedAt
    }

    /// The record of this promotion at `position`.
    public func record(at position: LogPosition) -> StoredRecord {
        let payload = (try? JSONEncoder().encode(self)).map(Array.init) ?? []
        let event = NewEvent(
            messageID: "promotion-\(storeId)-\(position)", type: Self.eventType, occurredAt: promotedAt, recordedAt: promotedAt,
            routingKeys: RoutingKeys(), contentDigest: [UInt8](repeating: 0, count: RecordCodec.digestLength), payload: payload)
        return StoredRecord(event, at: position)
    }
}
