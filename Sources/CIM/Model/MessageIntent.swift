/// A system event carried in `header.intent`. Open: intents outside the documented list are
/// kept as sent.
public struct MessageIntent: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The intent as sent.
    public let rawValue: String
    /// Wraps an intent.
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let startChat = MessageIntent(rawValue: "START_CHAT")
    public static let endChat = MessageIntent(rawValue: "END_CHAT")
    public static let startVoice = MessageIntent(rawValue: "START_VOICE")
    public static let endVoice = MessageIntent(rawValue: "END_VOICE")
    public static let callLegStarted = MessageIntent(rawValue: "CALL_LEG_STARTED")
    public static let callLegEnded = MessageIntent(rawValue: "CALL_LEG_ENDED")
    public static let callHold = MessageIntent(rawValue: "CALL_HOLD")
    public static let callResume = MessageIntent(rawValue: "CALL_RESUME")
    public static let ivrAggregatedActivity = MessageIntent(rawValue: "IVR_AGGREGATED_ACTIVITY")

    public var description: String { rawValue }
}
