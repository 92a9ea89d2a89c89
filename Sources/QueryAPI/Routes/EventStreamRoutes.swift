import EventLog
import Hummingbird

/// `GET /v1/events/stream?after=P`: the raw log as Server-Sent Events, for replay tools and
/// downstream consumers. Each event is `id: <position>`, `event: event` and the JSON of the
/// events feed; `Last-Event-ID` (or `after`) resumes after that position without a gap or a
/// duplicate; without either the stream starts at the current head. A comment line every
/// heartbeat interval keeps idle connections open through proxies. A client that falls too
/// far behind is disconnected and resumes with `Last-Event-ID`, as after any disconnect.
struct EventStreamRoutes: Sendable {
    typealias Context = StoreRequestContext

    let log: EventLog
    let broadcaster: LogBroadcaster.FanOut
    let admission: StreamAdmission

    func register(on router: ScopedRouter) {
        router.get("/v1/events/stream", .scope(.read)) { request, context in
            let start = try EventStreamResponse.startPosition(of: request, head: log.head)
            let ticket = try admission.admit(context.access)
            return EventStreamResponse.make(
                subscription: broadcaster.subscribe(.events), ticket: ticket, turns: admission.backfillTurns, start: start,
                backfill: { [log] after, through in try log.read(after: after, limit: 512).filter { $0.position <= through } },
                position: \.position,
                frame: { event, buffer in
                    var json = JSONWriter(capacity: event.payload.count + 96)
                    json.event(event)
                    EventStreamResponse.write(id: event.position, event: "event", json: json, to: &buffer)
                })
        }
    }
}
