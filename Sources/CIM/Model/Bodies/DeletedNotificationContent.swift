/// A `DELETEDNOTIFICATION` body: an earlier message was deleted.
public struct DeletedNotificationContent: Sendable, Hashable {
    /// `messageId` (required).
    public var messageID: String
    /// `timestamp`.
    public var timestamp: Timestamp?

    /// Creates deleted-notification content.
    public init(messageID: String, timestamp: Timestamp? = nil) {
        self.messageID = messageID
        self.timestamp = timestamp
    }
}
