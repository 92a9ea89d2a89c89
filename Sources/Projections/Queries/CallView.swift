/// A call's current state in `calls`, with the activities that are its history.
public struct CallView: Sendable, Hashable {
    /// The call id (the CCAI call id, the 8x8 leg's `callId`, a `VOICE` body's `callId`).
    public let callID: String
    /// `ccai-platform`, `8x8-voice`, or `cim` for calls known from CIM messages only.
    public let provider: String
    /// The customer of its latest activity (after merges of derived customers).
    public let customerID: String?
    /// The conversation its activities belong to.
    public let conversationID: String?
    /// The status of the activity that happened last.
    public let status: String
    /// When that activity happened (epoch milliseconds).
    public let statusAt: Int64
    /// The agent, when known.
    public let agent: String?
    /// The IVR menu path, when known.
    public let menuPath: String?
    /// Why it failed, when it did.
    public let failReason: String?
    /// Seconds waited before an agent answered.
    public let waitSeconds: Int64?
    /// Seconds connected.
    public let talkSeconds: Int64?
    /// Seconds on hold.
    public let holdSeconds: Int64?
    /// Transfers made.
    public let transferCount: Int64
    /// The first and last activity (epoch milliseconds).
    public let firstActivityAt: Int64
    /// See ``firstActivityAt``.
    public let lastActivityAt: Int64
    /// Its activities, oldest first (by occurred-at, then position).
    public let history: [ActivityView]
}
