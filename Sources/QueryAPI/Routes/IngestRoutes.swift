import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Ingest
import NIOCore

/// `POST /ccm/message/receive` (202) and `POST /conversation-manager/activities` (200):
/// validate, append durably, then answer `{"id", "position", "duplicate"}`.
/// `POST /ccm/message/receive/batch` takes up to ``maximumBatchMessages`` CIM messages as
/// NDJSON and appends them with one sync (see ``receiveBatch(_:)``).
struct IngestRoutes: Sendable {
    typealias Context = StoreRequestContext

    let ingestor: Ingestor
    let maximumBodySize: Int

    /// The most messages one batch may hold.
    static var maximumBatchMessages: Int { 1000 }

    /// The largest batch body: as many single-message bodies as fit in sixteen.
    var maximumBatchBodySize: Int { maximumBodySize * 16 }

    func register(on router: ScopedRouter) {
        router.post("/ccm/message/receive", .scope(.ingest)) { request, context in
            try await receive(request, origin: .cimMessage, status: .accepted)
        }
        router.post("/conversation-manager/activities", .scope(.ingest)) { request, context in
            try await receive(request, origin: .thirdPartyActivity, status: .ok)
        }
        router.post("/ccm/message/receive/batch", .scope(.ingest)) { request, context in
            try await receiveBatch(request)
        }
    }

    private func receive(_ request: Request, origin: MessageOrigin, status: HTTPResponse.Status) async throws -> Response {
        try ContentTypeCheck.requireJSON(request.headers[.contentType])
        let bytes = try await request.collectBody(limit: maximumBodySize)
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

    /// Every message is validated first; one invalid message refuses the whole batch (400,
    /// naming each invalid line, nothing stored). A valid batch is appended in one call and
    /// answered with each message's outcome in order: 202 when every message was stored or
    /// was a duplicate, 409 when some reused an id with other content (the others are stored,
    /// as the results say).
    private func receiveBatch(_ request: Request) async throws -> Response {
        try ContentTypeCheck.requireNDJSON(request.headers[.contentType])
        let lines = try batchLines(try await request.collectBody(limit: maximumBatchBodySize))
        let outcomes: [Result<IngestReceipt, EventLogError>]
        do {
            outcomes = try await ingestor.ingest(batch: lines.map { Array($0.bytes) }, origin: .cimMessage)
        } catch IngestError.batchRefused(let refused) {
            throw ErrorMapping.problem(forBatchRefusal: refused) { index in lines[index].number }
        }

        var writer = JSONWriter(capacity: 64 + outcomes.count * 64)
        var counts = (accepted: 0, duplicates: 0, conflicts: 0)
        var lastPosition: UInt64 = 0
        writer.beginObject()
        writer.key("results")
        writer.beginArray()
        for (line, outcome) in zip(lines, outcomes) {
            writer.beginObject()
            writer.field("line", line.number)
            switch outcome {
            case .success(let receipt):
                writer.field("id", receipt.messageID.rawValue)
                writer.field("position", receipt.result.position.rawValue)
                writer.field("duplicate", receipt.result.duplicate)
                if receipt.result.duplicate { counts.duplicates += 1 } else { counts.accepted += 1 }
                lastPosition = max(lastPosition, receipt.result.position.rawValue)
            case .failure(let error):
                counts.conflicts += 1
                writer.field("error", error.message)
                writer.field("existingPosition", error.position.map { Int64($0.rawValue) })
            }
            writer.endObject()
        }
        writer.endArray()
        writer.field("accepted", counts.accepted)
        writer.field("duplicates", counts.duplicates)
        writer.field("conflicts", counts.conflicts)
        writer.endObject()
        return Response(
            status: counts.conflicts == 0 ? .accepted : .conflict,
            headers: [.contentType: "application/json", .logPosition: String(lastPosition)],
            body: ResponseBody(byteBuffer: writer.buffer)
        )
    }

    /// The batch's non-blank lines with their one-based numbers; a line longer than a
    /// single-message body, or more lines than ``maximumBatchMessages``, refuse the batch.
    private func batchLines(_ body: [UInt8]) throws(Problem) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        for (offset, line) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            let number = offset + 1
            guard line.count <= maximumBodySize else {
                throw Problem(
                    status: .contentTooLarge, title: "Message too large",
                    detail: "Line \(number) exceeds the limit of \(maximumBodySize) bytes for one message; nothing was stored.",
                    errors: [Problem.FieldError(field: "line \(number)", message: "must be at most \(maximumBodySize) bytes")])
            }
            lines.append((number, line.last == 0x0D ? line.dropLast() : line))
        }
        guard !lines.isEmpty else {
            throw Problem(
                status: .badRequest, title: "Empty batch", detail: "The batch holds no message; nothing was stored.",
                errors: [Problem.FieldError(field: "", message: "must hold at least one CIM message, one per line")])
        }
        guard lines.count <= Self.maximumBatchMessages else {
            throw Problem(
                status: .contentTooLarge, title: "Batch too large",
                detail: "The batch holds \(lines.count) messages, more than \(Self.maximumBatchMessages); nothing was stored.",
                errors: [Problem.FieldError(field: "", message: "must hold at most \(Self.maximumBatchMessages) messages")])
        }
        return lines
    }
}
