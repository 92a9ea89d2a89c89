public import GRDB

/// One row of the `erasures` audit table.
public struct ErasureView: Sendable, Hashable {
    /// The position of the erasure event.
    public let position: Int64
    /// The erasure's id.
    public let erasureID: String
    /// The customer asked for (or the one it was merged into).
    public let customerID: String
    /// Every customer id erased, as a JSON array.
    public let customerIDs: String
    /// The operator's reason.
    public let reason: String?
    /// The account that asked.
    public let requestedBy: String
    /// When (epoch ms).
    public let requestedAt: Int64
    /// Log records redacted.
    public let records: Int64
    /// Timeline rows erased.
    public let activities: Int64
    /// Channel identities erased.
    public let identities: Int64
    /// Conversations erased.
    public let conversations: Int64
}

/// Reads of the erasure audit.
public enum ErasureQueries {
    /// Erasures after log position `after`, oldest first.
    public static func erasures(after: Int64, limit: Int, in db: Database) throws -> [ErasureView] {
        try Row.fetchAll(db, sql: "SELECT * FROM erasures WHERE position > ? ORDER BY position LIMIT ?", arguments: [after, limit]).map { row in
            ErasureView(
                position: row["position"], erasureID: row["erasure_id"], customerID: row["customer_id"], customerIDs: row["customer_ids"],
                reason: row["reason"], requestedBy: row["requested_by"], requestedAt: row["requested_at"], records: row["records"],
                activities: row["activities"], identities: row["identities"], conversations: row["conversations"])
        }
    }
}
