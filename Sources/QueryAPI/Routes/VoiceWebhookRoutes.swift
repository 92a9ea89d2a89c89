import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Projections

/// `POST /webhooks/8x8/voice`: the call-action (VCA), call-status and session-summary
/// webhooks of 8x8 Voice, each stored as a CIM message (see ``VoiceWebhookAdapter``), then
/// answered 200 with the callflow of the ``VoiceCallflowResponder``, and the stored message's
/// id, position and whether it was a duplicate in `CX-Message-ID`, `CX-Log-Position` and
/// `CX-Duplicate`.
///
/// A call event of a session that already has a customer (found in the read models,
/// without waiting for them) is that customer's: a leg bridged to an agent's number does
/// not make the agent a customer. A session summary takes the session's keypad inputs from
/// the read models, so it first waits (at most the read-your-writes timeout) for them to
/// apply everything logged; when they do not, it is refused with 503 and `Retry-After`,
/// nothing stored, rather than stored without its menus.
struct VoiceWebhookRoutes<Context: RequestContext>: Sendable {
    let ingestor: Ingestor
    let reads: ReadContext
    let responder: any VoiceCallflowResponder
    let maximumBodySize: Int
    let adapter = VoiceWebhookAdapter()

    func register(on router: Router<Context>) {
        router.post("/webhooks/8x8/voice") { request, _ in try await receive(request) }
    }

    private func receive(_ request: Request) async throws -> Response {
        try ContentTypeCheck.requireJSON(request.headers[.contentType])
        let bytes = try await request.collectBody(limit: maximumBodySize)
        let webhook = try VoiceWebhookDecoder(parser: ingestor.decoder.parser).decode(bytes)
        let message: AdaptedMessage
        switch webhook {
        case .callEvent(let event):
            message = adapter.message(for: event, caller: try await caller(of: event))
        case .sessionSummary(let summary):
            message = adapter.message(for: summary, keypadInputs: try await keypadInputs(of: summary))
        }
        let receipt = try await ingestor.ingest(adapted: [message])[0]
        let callflow = try await responder.callflow(for: webhook, storedAt: receipt.result.position)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json", .logPosition: String(receipt.result.position.rawValue),
                .messageID: receipt.messageID.rawValue, .duplicate: String(receipt.result.duplicate),
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object(JSONObject(members: [("callflow", .array(callflow))])).compactText))
        )
    }

    /// The customer the event's session already belongs to, as far as the read models have
    /// applied the log. Not waited for: a call event is never held up by the projections.
    private func caller(of event: VoiceCallEvent) async throws -> VoiceCaller? {
        guard let session = event.sessionID else { return nil }
        return try await reads.store.read { db in try HistoryQueries.voiceCaller(sessionID: session, in: db) }
    }

    /// The keypad inputs stored for the summary's session, once the read models have
    /// applied everything logged before it.
    private func keypadInputs(of summary: VoiceSessionSummary) async throws -> [VoiceKeypadInput] {
        guard let session = summary.sessionID else { return [] }
        let head = ingestor.log.head
        guard await reads.runner.waitUntilApplied(head, timeout: reads.readYourWritesTimeout) else {
            throw Problem(
                status: .serviceUnavailable,
                title: "Not caught up",
                detail: "The read models have not yet applied the session's earlier webhooks (position \(head)); nothing was stored. Retry shortly.",
                headers: [.retryAfter: "1"]
            )
        }
        return try await reads.store.read { db in try HistoryQueries.keypadInputs(sessionID: session, in: db) }
    }
}
