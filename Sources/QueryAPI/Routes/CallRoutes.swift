import Hummingbird
import Projections

/// `GET /v1/calls/{callId}`: a call's current state and its history, from the voice
/// webhooks and `VOICE` messages. Accepts `minPosition` (read-your-writes).
struct CallRoutes: Sendable {
    typealias Context = StoreRequestContext

    let reads: ReadContext

    func register(on router: ScopedRouter) {
        router.get("/v1/calls/:callId", .scope(.read)) { request, context in try await call(request, context) }
    }

    private func call(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("callId")
        guard let call = try await reads.store.read({ db in try HistoryQueries.call(id, in: db) }) else {
            throw Problem.notFound("call", id)
        }
        var writer = JSONWriter(capacity: 512 + 1024 * call.history.count)
        writer.call(call)
        return reads.respond(writer)
    }
}
