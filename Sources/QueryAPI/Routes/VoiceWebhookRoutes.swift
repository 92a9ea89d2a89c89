import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Ingest

/// `POST /webhooks/8x8/voice`: the call-action (VCA), call-status and session-summary
/// webhooks of 8x8 Voice, each stored as a CIM message by ``VoiceWebhookIngest``, then
/// answered 200 with the callflow of the ``VoiceCallflowResponder``, and the stored message's
/// id, position and whether it was a duplicate in `CX-Message-ID`, `CX-Log-Position` and
/// `CX-Duplicate`. A session summary the read models cannot yet give its menus is refused
/// with 503 and `Retry-After`, nothing stored.
struct VoiceWebhookRoutes: Sendable {
    typealias Context = StoreRequestContext

    let webhooks: VoiceWebhookIngest
    let responder: any VoiceCallflowResponder
    let maximumBodySize: Int

    func register(on router: ScopedRouter) {
        router.post("/webhooks/8x8/voice", .scope(.ingest)) { request, _ in try await receive(request) }
    }

    private func receive(_ request: Request) async throws -> Response {
        try ContentTypeCheck.requireJSON(request.headers[.contentType])
        let (webhook, receipt) = try await webhooks.ingest(try await request.collectBody(limit: maximumBodySize))
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
}
