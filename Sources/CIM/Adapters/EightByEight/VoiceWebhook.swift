/// A webhook of 8x8 Voice (`namespace` `VOICE`), as the adapter understands it.
public enum VoiceWebhook: Sendable, Hashable {
    /// A call-action (`CALL_ACTION`, the VCA webhook) or call-status (`CALL_STATUS`) event.
    case callEvent(VoiceCallEvent)
    /// The Voice Session Summary (`SESSION_SUMMARY`), sent once when a session ends.
    case sessionSummary(VoiceSessionSummary)
}

/// One event of one call leg: a status change, or a caller's keypad input.
public struct VoiceCallEvent: Sendable, Hashable {
    /// `CALL_ACTION` or `CALL_STATUS`.
    public var eventType: String
    /// `payload.eventId`, when the sender gives one.
    public var eventID: String?
    /// `payload.callId`: the leg.
    public var callID: String?
    /// `payload.sessionId`: every leg of one session shares it.
    public var sessionID: String?
    /// `payload.subAccountId`.
    public var subAccountID: String?
    /// `payload.callStatus` as sent (`CALL_RECEIVED`, `DTMF_RECEIVED`, …); may be one the
    /// documentation does not list.
    public var callStatus: String
    /// The leg's numbers and direction.
    public var party: VoiceParty
    /// `payload.callDuration` in seconds.
    public var callDuration: Int64?
    /// The digits pressed: `payload.dtmf` or `payload.eventData.dtmf`.
    public var dtmf: String?
    /// `payload.clientActionId`: which menu of the caller's IVR asked for the input.
    public var clientActionID: String?
    /// `payload.timestamp`.
    public var timestamp: Timestamp?
    /// The webhook as received.
    public var webhook: JSONValue
    /// SHA-256 of the webhook's canonical JSON, for an id when it carries none.
    public var contentDigest: [UInt8]
}

/// The numbers of a call leg and which of them is the customer's.
public struct VoiceParty: Sendable, Hashable {
    /// `INBOUND` (the customer called the virtual number) or `OUTBOUND` (it called them).
    public var direction: String
    /// `source`.
    public var source: String?
    /// `destination`.
    public var destination: String?

    /// The customer's number: the caller of an inbound leg, the callee of an outbound one.
    public var customerNumber: String? { direction == "INBOUND" ? source : destination }
    /// The virtual number on 8x8's side of the leg.
    public var virtualNumber: String? { direction == "INBOUND" ? destination : source }
}

/// The summary of a session once it ended, with its call legs.
public struct VoiceSessionSummary: Sendable, Hashable {
    /// One leg of the session (`details.callA`, `details.callB`, …).
    public struct Leg: Sendable, Hashable {
        /// `callA`, `callB`, … (as the sender spelled it, `CallA` read as `callA`).
        public var name: String
        /// `callId`.
        public var callID: String?
        /// The leg's numbers and direction.
        public var party: VoiceParty
        /// `initiatedTimestamp`.
        public var initiatedAt: Timestamp?
        /// `connectedTimestamp`, when the leg was answered.
        public var connectedAt: Timestamp?
        /// `disconnectedTimestamp`.
        public var disconnectedAt: Timestamp?
    }

    /// `payload.sessionId`.
    public var sessionID: String?
    /// `payload.subAccountId`.
    public var subAccountID: String?
    /// `payload.sessionStatus`.
    public var sessionStatus: String?
    /// `payload.startTime`.
    public var startTime: Timestamp?
    /// `payload.endTime`.
    public var endTime: Timestamp?
    /// The legs in name order; the first (`callA`) is the customer's.
    public var legs: [Leg]
    /// The webhook as received.
    public var webhook: JSONValue
    /// SHA-256 of the webhook's canonical JSON, for an id when it carries no session id.
    public var contentDigest: [UInt8]
}
