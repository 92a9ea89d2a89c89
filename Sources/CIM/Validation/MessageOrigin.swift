/// How a message reached the store, which decides a few rules and its activity type.
public enum MessageOrigin: String, Sendable, Hashable {
    /// `POST /ccm/message/receive`: channel connectors, agent desks, bots, IVRs.
    case cimMessage
    /// `POST /conversation-manager/activities`: activities pushed by third-party apps.
    case thirdPartyActivity
}
