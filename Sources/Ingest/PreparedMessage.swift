public import CIM
public import EventLog

/// A validated message and the event that will carry it into the log.
public struct PreparedMessage: Sendable {
    /// The decoded message.
    public let message: CIMMessage
    /// The route it came in by, which decides how it decodes again from the log.
    public let origin: MessageOrigin
    /// What the message means in the history.
    public let activity: Activity
    /// The event to append.
    public let event: NewEvent
}
