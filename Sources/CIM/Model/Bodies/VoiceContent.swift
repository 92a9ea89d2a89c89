/// A `VOICE` body: one leg of a call.
public struct VoiceContent: Sendable, Hashable {
    /// `callId` (required).
    public var callID: String
    /// `leg` (required).
    public var leg: String
    /// `reasonCode` (a number or numeric string on the wire).
    public var reasonCode: Int64?
    /// `additionalDetail`, kept as sent.
    public var additionalDetail: JSONValue?

    /// Creates voice content.
    public init(callID: String, leg: String, reasonCode: Int64? = nil, additionalDetail: JSONValue? = nil) {
        self.callID = callID
        self.leg = leg
        self.reasonCode = reasonCode
        self.additionalDetail = additionalDetail
    }
}
