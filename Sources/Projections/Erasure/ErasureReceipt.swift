import EventLog

/// What an erasure did: the answer of `DELETE /v1/customers/{id}` and `cxstore erase`.
public struct ErasureReceipt: Sendable, Hashable, Codable {
    /// The erasure's id.
    public let erasureID: String
    /// The customer asked for.
    public let customerID: String
    /// Every customer id erased: the one asked for (or the one it was merged into) first,
    /// then the ids merged into it.
    public let customerIDs: [String]
    /// The position of the erasure event in the log.
    public let position: UInt64
    /// Log records redacted.
    public let records: Int
    /// Timeline rows erased.
    public let activities: Int
    /// Channel identities erased.
    public let identities: Int
    /// Conversations erased.
    public let conversations: Int
    /// `true` once the read models have applied the erasure (they do so within seconds
    /// when this is `false`).
    public let readModelsErased: Bool
}
