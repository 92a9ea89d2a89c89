import EventLog
import GRDB
import HTTPTypes
import Hummingbird
import Ingest
import Projections

/// Forgetting a customer (scope `admin`): `DELETE /v1/customers/{customerId}` erases them
/// and answers what was erased; `GET /v1/erasures` lists every erasure for an audit.
struct ErasureRoutes: Sendable {
    typealias Context = StoreRequestContext

    let eraser: CustomerEraser
    let reads: ReadContext
    /// Refuses the erasure where writes are refused (a read replica, a fenced primary).
    let gate: (any AcknowledgementGate)?

    static var maximumReasonLength: Int { 500 }

    func register(on router: ScopedRouter) {
        router.delete("/v1/customers/:customerId", .scope(.admin)) { request, context in try await erase(request, context) }
        router.get("/v1/erasures", .scope(.admin)) { request, _ in try await erasures(request) }
    }

    private func erase(_ request: Request, _ context: Context) async throws -> Response {
        let customerID = try context.parameters.require("customerId")
        let reason = request.uri.queryParameters["reason"].map(String.init)
        if let reason, reason.count > Self.maximumReasonLength {
            throw Problem.badParameter("reason", "is at most \(Self.maximumReasonLength) characters")
        }
        try gate?.admit()
        let receipt = try await eraser.erase(customerID: customerID, reason: reason, requestedBy: context.requester)
        var writer = JSONWriter(capacity: 512)
        writer.erasureReceipt(receipt)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .logPosition: String(receipt.position)],
            body: ResponseBody(byteBuffer: writer.buffer))
    }

    private func erasures(_ request: Request) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let query = request.uri.queryParameters
        let after = try QueryParameter.integer(query, "after", default: 0, range: 0...UInt64(Int64.max))
        let limit = try QueryParameter.integer(query, "limit", default: 100, range: 1...1000)
        let rows = try await reads.store.read { db in try ErasureQueries.erasures(after: Int64(after), limit: Int(limit), in: db) }
        var writer = JSONWriter(capacity: 256 + rows.count * 320)
        writer.beginObject()
        writer.key("erasures")
        writer.beginArray()
        for row in rows { writer.erasure(row) }
        writer.endArray()
        writer.field("nextAfter", rows.last?.position ?? Int64(after))
        writer.endObject()
        return reads.respond(writer)
    }
}
