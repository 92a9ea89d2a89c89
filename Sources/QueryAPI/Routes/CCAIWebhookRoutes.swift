import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Ingest

/// `POST /webhooks/ccai/calls`: CCAI Platform call objects (one, or an array of up to
/// ``CCAICallDecoder/maximumCalls``), each stored as the activity of its current state (see
/// ``CCAICallAdapter``) with one sync for the request. Answered 202 with each call's outcome
/// in order: `{"results": [{"callId", "status", "id", "position", "duplicate"}], "accepted",
/// "duplicates"}`. One invalid call refuses them all, naming each invalid field.
struct CCAIWebhookRoutes: Sendable {
    typealias Context = StoreRequestContext

    let ingestor: Ingestor
    let maximumBodySize: Int
    let adapter = CCAICallAdapter()

    func register(on router: ScopedRouter) {
        router.post("/webhooks/ccai/calls", .scope(.ingest)) { request, _ in try await receive(request) }
    }

    private func receive(_ request: Request) async throws -> Response {
        try ContentTypeCheck.requireJSON(request.headers[.contentType])
        let bytes = try await request.collectBody(limit: maximumBodySize)
        let calls = try CCAICallDecoder(parser: ingestor.decoder.parser).decode(bytes)
        let receipts = try await ingestor.ingest(adapted: calls.map(adapter.message))

        var writer = JSONWriter(capacity: 64 + receipts.count * 128)
        var duplicates = 0
        writer.beginObject()
        writer.key("results")
        writer.beginArray()
        for (call, receipt) in zip(calls, receipts) {
            writer.beginObject()
            writer.field("callId", call.id)
            writer.field("status", call.status)
            writer.field("id", receipt.messageID.rawValue)
            writer.field("position", receipt.result.position.rawValue)
            writer.field("duplicate", receipt.result.duplicate)
            writer.endObject()
            if receipt.result.duplicate { duplicates += 1 }
        }
        writer.endArray()
        writer.field("accepted", receipts.count - duplicates)
        writer.field("duplicates", duplicates)
        writer.endObject()
        let last = receipts.map(\.result.position.rawValue).max() ?? 0
        return Response(
            status: .accepted,
            headers: [.contentType: "application/json", .logPosition: String(last)],
            body: ResponseBody(byteBuffer: writer.buffer)
        )
    }
}
