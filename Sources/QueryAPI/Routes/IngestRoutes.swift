import CIM
import EventLog
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /ccm/message/receive` (202) and `POST /conversation-manager/activities` (200):
/// validate, append durably, then answer `{"id", "position", "duplicate"}`.
struct IngestRoutes<Context: RequestContext>: Sendable {
    let ingestor: Ingestor
    let maximumBodySize: Int

    func register(on router: Router<Context>) {
        router.post("/ccm/message/receive") { request, context in
            try await receive(request, origin: .cimMessage, status: .accepted)
        }
        router.post("/conversation-manager/activities") { request, context in
            try await receive(request, origin: .thirdPartyActivity, status: .ok)
        }
    }

    private func receive(_ request: Request, origin: MessageOrigin, status: HTTPResponse.Status) async throws -> Response {
        try ContentTypeCheck.requireJSON(request.headers[.contentType])
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maximumBodySize {
            throw bodyTooLarge
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumBodySize)
        } catch is NIOTooManyBytesError {
            throw bodyTooLarge
        }
        let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
        let receipt = try await ingestor.ingest(bytes, origin: origin)

        var writer = JSONWriter(capacity: 96 + receipt.messageID.rawValue.utf8.count)
        writer.beginObject()
        writer.field("id", receipt.messageID.rawValue)
        writer.field("position", receipt.result.position.rawValue)
        writer.field("duplicate", receipt.result.duplicate)
        writer.endObject()
        return Response(
            status: status,
            headers: [.contentType: "application/json", .logPosition: String(receipt.result.position.rawValue)],
            body: ResponseBody(byteBuffer: writer.buffer)
        )
    }

    private var bodyTooLarge: Problem {
        Problem(
            status: .contentTooLarge,
            title: "Body too large",
            detail: "The body exceeds the limit of \(maximumBodySize) bytes; nothing was stored.",
            errors: [Problem.FieldError(field: "", message: "the body must be at most \(maximumBodySize) bytes")]
        )
    }
}
