public import CIM
public import EventLog

/// Where an IVR backend plugs in: what `POST /webhooks/8x8/voice` answers 8x8 with, after
/// the webhook is stored. 8x8 reads the answer to a call-action (VCA) webhook as the next
/// steps of the call (`{"callflow": [{"action": "sayAndCapture", …}]}`), and ignores the
/// answer to the other webhooks.
public protocol VoiceCallflowResponder: Sendable {
    /// The callflow actions for `webhook`, stored at `position` (a redelivered webhook is
    /// asked again, with the position it was first stored at).
    func callflow(for webhook: VoiceWebhook, storedAt position: LogPosition) async throws -> [JSONValue]
}

/// The default: an empty callflow, `{"callflow": []}`, which leaves the call as 8x8's own
/// callflow goes on with it. The store records; it does not drive the IVR.
public struct EmptyCallflowResponder: VoiceCallflowResponder {
    /// Creates the responder.
    public init() {}

    public func callflow(for webhook: VoiceWebhook, storedAt position: LogPosition) async throws -> [JSONValue] { [] }
}
