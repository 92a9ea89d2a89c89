/// A `VOICE` body: one leg of a call.
public struct VoiceContent: Sendable, Hashable {
    /// `callId` (required).
    public var callID: String
    /// `leg` (required).
    public var leg: String
    /// `reasonCode`, kept as sent: a number on some legs, a name such as `"DIALOG_ENDED"` on
    /// the vendor's call-leg events.
    public var reasonCode: JSONValue?
    /// `additionalDetail`, kept as sent.
    public var additionalDetail: JSONValue?

    /// Creates voice content.
    public init(callID: String, leg: String, reasonCode: JSONValue? = nil, additionalDetail: JSONValue? = nil) {
        self.callID = callID
        self.leg = leg
        self.reasonCode = reasonCode
        self.additionalDetail = additionalDetail
    }
}
