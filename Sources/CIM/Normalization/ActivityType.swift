/// The kind of an activity in the history, named as Expertflow's CIM events name them.
public struct ActivityType: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The event name.
    public let rawValue: String
    /// Wraps an event name.
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let customerMessage = ActivityType(rawValue: "CUSTOMER_MESSAGE")
    public static let agentMessage = ActivityType(rawValue: "AGENT_MESSAGE")
    public static let botMessage = ActivityType(rawValue: "BOT_MESSAGE")
    public static let actionMessage = ActivityType(rawValue: "ACTION_MESSAGE")
    public static let thirdPartyActivity = ActivityType(rawValue: "THIRD_PARTY_ACTIVITY")
    public static let ivrAggregatedActivity = ActivityType(rawValue: "IVR_AGGREGATED_ACTIVITY")
    public static let wrapUpApplied = ActivityType(rawValue: "WRAPUP_APPLIED")
    public static let messageDeliveryNotification = ActivityType(rawValue: "MESSAGE_DELIVERY_NOTIFICATION")
    public static let messageDeleted = ActivityType(rawValue: "MESSAGE_DELETED")
    public static let callLegStarted = ActivityType(rawValue: "CALL_LEG_STARTED")
    public static let callLegEnded = ActivityType(rawValue: "CALL_LEG_ENDED")
    public static let callHold = ActivityType(rawValue: "CALL_HOLD")
    public static let callResume = ActivityType(rawValue: "CALL_RESUME")
    public static let voiceActivity = ActivityType(rawValue: "VOICE_ACTIVITY")
    public static let typingIndicator = ActivityType(rawValue: "TYPING_INDICATOR")
    public static let systemNotification = ActivityType(rawValue: "SYSTEM_NOTIFICATION")

    public var description: String { rawValue }
}
