import EventLog
import HTTPTypes
import Hummingbird

/// `GET /v1/events?after=P&limit=N`: the raw log for replay tools and downstream
/// consumers, in position order, each message exactly as accepted.
struct EventRoutes: Sendable {
    typealias Context = StoreRequestContext

    let log: EventLog

    static var defaultLimit: Int { 100 }
    static var maximumLimit: Int { 1000 }

    func register(on router: ScopedRouter) {
        router.get("/v1/events", .scope(.read)) { request, context in
            try events(request)
        }
    }

    private func events(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        let after = try QueryParameter.integer(query, "after", default: 0, range: 0...UInt64.max)
        let limit = try QueryParameter.integer(query, "limit", default: UInt64(Self.defaultLimit), range: 1...UInt64(Self.maximumLimit))
        let events = try log.read(after: LogPosition(after), limit: Int(limit))

        var writer = JSONWriter(capacity: 64 + events.reduce(0) { $0 + $1.payload.count + 96 })
        writer.beginObject()
        writer.key("events")
        writer.beginArray()
        for event in events { writer.event(event) }
        writer.endArray()
        writer.field("nextAfter", events.last?.position.rawValue ?? after)
        writer.endObject()
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .logPosition: String(log.head.rawValue)],
            body: ResponseBody(byteBuffer: writer.buffer)
        )
    }
}
