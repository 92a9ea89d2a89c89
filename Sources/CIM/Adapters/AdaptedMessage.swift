/// A webhook turned into a CIM message: what the log stores for it, so that the log stays
/// one format. The message goes through the same validation as a posted one.
public struct AdaptedMessage: Sendable, Hashable {
    /// The message id, derived from the webhook's own ids (or its content): a redelivered
    /// webhook gets the same id, so it is a duplicate, not a second activity.
    public let id: String
    /// The CIM message as JSON.
    public let bytes: [UInt8]
}
