public import CIM
public import EventLog

/// What ingesting one message did.
public struct IngestReceipt: Sendable, Hashable {
    /// The message id.
    public let messageID: MessageID
    /// The activity type it was given.
    public let type: ActivityType
    /// Its position, and whether it was already there.
    public let result: AppendResult
}
