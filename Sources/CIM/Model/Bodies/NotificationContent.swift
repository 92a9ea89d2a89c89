/// A `NOTIFICATION` body: a system event such as a channel session starting.
public struct NotificationContent: Sendable, Hashable {
    /// The notification types of the object model and the 4.4 docs.
    public static let knownTypes = [
        "INFO", "SYSTEM_ERROR", "WARNING", "CHANNEL_SESSION_STARTED", "CHANNEL_SESSION_EXPIRED",
        "CHANNEL_SESSION_ENDED", "AGENT_SUBSCRIBED", "AGENT_UNSUBSCRIBED", "TASK_ENQUEUED",
        "NO_AGENT_AVAILABLE", "TYPING_STARTED", "TYPING_STOPPED", "AGENT_RESERVED",
        "PARTICIPANT_ROLE_CHANGED", "TASK_STATE_CHANGED", "CHANNEL_SESSION_DATA_UPDATED",
        "ADVISOR_SUBSCRIBED", "ROOM_MEMBER_STATUS_CHANGED", "CONSULT_TRANSFER",
        "CONSULT_CONFERENCE", "DIRECT_TRANSFER",
    ]

    /// `notificationType` (required, one of ``knownTypes``).
    public var notificationType: String
    /// `notificationData`, kept as sent.
    public var notificationData: JSONValue?

    /// Creates notification content.
    public init(notificationType: String, notificationData: JSONValue? = nil) {
        self.notificationType = notificationType
        self.notificationData = notificationData
    }
}
