import EventLog
import Hummingbird
import Projections

/// `GET /v1/conversations/{conversationId}/stream` and `GET /v1/customers/{customerId}/stream`:
/// each new activity of the conversation or customer as a Server-Sent Event
/// (`event: activity`, the JSON of the history API, `id:` its log position) as soon as the
/// projections apply it. `Last-Event-ID` (or `after`) resumes after that position without a
/// gap or a duplicate; without either the stream starts now. A customer is followed under
/// the id its identity resolved to when the stream opened.
struct ActivityStreamRoutes: Sendable {
    typealias Context = StoreRequestContext

    let runner: ProjectionRunner
    let broadcaster: ActivityBroadcaster.FanOut
    let admission: StreamAdmission

    /// Activities read per backfill query.
    static var backfillPage: Int { 500 }

    func register(on router: ScopedRouter) {
        router.get("/v1/conversations/:conversationId/stream", .scope(.read)) { request, context in
            let id = try context.parameters.require("conversationId")
            return try stream(request, context, watching: .conversation(id))
        }
        router.get("/v1/customers/:customerId/stream", .scope(.read)) { request, context in
            let id = try context.parameters.require("customerId")
            let canonical = try await runner.store.read { db in try HistoryQueries.canonicalCustomerID(id, in: db) }
            return try stream(request, context, watching: .customer(canonical ?? id))
        }
    }

    private func stream(_ request: Request, _ context: Context, watching watched: ActivityBroadcaster.Watched) throws -> Response {
        let start = try EventStreamResponse.startPosition(of: request, head: runner.applied.position)
        let ticket = try admission.admit(context.access)
        let store = runner.store
        return EventStreamResponse.make(
            subscription: broadcaster.subscribe(watched), ticket: ticket, turns: admission.backfillTurns, start: start,
            backfill: { after, through in
                try await store.read { db in
                    switch watched {
                    case .customer(let id):
                        try HistoryQueries.activities(
                            after: Int64(after.rawValue), through: Int64(through.rawValue), customerID: id, limit: Self.backfillPage, in: db)
                    case .conversation(let id):
                        try HistoryQueries.activities(
                            after: Int64(after.rawValue), through: Int64(through.rawValue), conversationID: id, limit: Self.backfillPage, in: db)
                    }
                }
            },
            position: { LogPosition(UInt64($0.position)) },
            frame: { activity, buffer in
                var json = JSONWriter(capacity: activity.message.utf8.count + 512)
                json.activity(activity)
                EventStreamResponse.write(id: LogPosition(UInt64(activity.position)), event: "activity", json: json, to: &buffer)
            })
    }
}
