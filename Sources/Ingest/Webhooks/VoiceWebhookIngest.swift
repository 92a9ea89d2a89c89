public import CIM
import EventLog

/// The write path of 8x8 Voice webhooks: decode the call-action, call-status or
/// session-summary webhook, make it a CIM message (``VoiceWebhookAdapter``) and append it.
///
/// A call event of a session that already has a customer is that customer's, so a leg
/// bridged to an agent's number does not make the agent a customer; the session's customer
/// is asked of ``sessions`` without waiting for the read models, so a call event is never held
/// up by them. A session summary's menus are the keypad inputs already stored for the
/// session, so it waits until the read models have applied everything logged before it, and
/// is refused with ``IngestError/readModelsBehind(_:)`` (nothing stored) when they do not.
public struct VoiceWebhookIngest: Sendable {
    /// The write path the adapted message goes through.
    public let ingestor: Ingestor
    /// The read side consulted before appending.
    public let sessions: any VoiceSessionLookup
    private let adapter = VoiceWebhookAdapter()

    /// Creates the webhook path over `ingestor`, consulting `sessions`.
    public init(ingestor: Ingestor, sessions: any VoiceSessionLookup) {
        self.ingestor = ingestor
        self.sessions = sessions
    }

    /// Decodes, adapts and appends one webhook; returns it with the stored message's receipt
    /// (a redelivered webhook is a duplicate at its first position).
    ///
    /// - Throws: ``CIMError`` for an invalid webhook (nothing is written),
    ///   ``IngestError/readModelsBehind(_:)``, or ``EventLogError`` when the append fails.
    public func ingest(_ bytes: [UInt8]) async throws -> (webhook: VoiceWebhook, receipt: IngestReceipt) {
        let webhook = try VoiceWebhookDecoder(parser: ingestor.decoder.parser).decode(bytes)
        let message: AdaptedMessage
        switch webhook {
        case .callEvent(let event):
            var caller: VoiceCaller?
            if let session = event.sessionID { caller = try await sessions.caller(ofSession: session) }
            message = adapter.message(for: event, caller: caller)
        case .sessionSummary(let summary):
            message = adapter.message(for: summary, keypadInputs: try await keypadInputs(of: summary))
        }
        return (webhook, try await ingestor.ingest(adapted: [message])[0])
    }

    private func keypadInputs(of summary: VoiceSessionSummary) async throws -> [VoiceKeypadInput] {
        guard let session = summary.sessionID else { return [] }
        let head = ingestor.log.head
        guard let inputs = try await sessions.keypadInputs(ofSession: session, appliedThrough: head) else {
            throw IngestError.readModelsBehind(head)
        }
        return inputs
    }
}
