import EventLog
import HTTPTypes
import Hummingbird
import Projections

/// `GET /v1/customers/{customerId}/export` (admin): the customer's history to take away, as
/// NDJSON streamed a page at a time (``CustomerExport``); `404` for a customer never seen or
/// erased. Honours `minPosition`.
struct ExportRoutes: Sendable {
    typealias Context = StoreRequestContext

    let reads: ReadContext

    func register(on router: ScopedRouter) {
        router.get("/v1/customers/:customerId/export", .scope(.admin)) { request, context in try await export(request, context) }
    }

    private func export(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("customerId")
        let applied = reads.runner.applied.position
        guard let export = try await CustomerExport(customer: id, store: reads.store, through: applied) else {
            throw Problem.notFound("customer", id)
        }
        let fileName = String(
            export.customerID.unicodeScalars.filter {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            })
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-ndjson", .appliedPosition: String(applied.rawValue),
                .contentDisposition: "attachment; filename=\"customer-\(fileName.isEmpty ? "export" : fileName).ndjson\"",
            ],
            body: ResponseBody { writer in
                try await export.write { try await writer.write($0) }
                try await writer.finish(nil)
            })
    }
}
