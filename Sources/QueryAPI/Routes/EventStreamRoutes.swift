import EventLog
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /v1/events/stream?after=P`: the raw log as Server-Sent Events, for replay tools and
/// downstream consumers. Each event is `id: <position>`, `event: event` and the JSON of the
/// events feed; `Last-Event-ID` (or `after`) resumes after that position without a gap or a
/// duplicate; without either the stream starts at the current head. A comment line every
/// heartbeat interval keeps idle connections open through proxies. A client that falls too
/// far behind is disconnected and resumes with `Last-Event-ID`, as after any disconnect.
struct EventStreamRoutes<Context: RequestContext>: Sendable {
    let log: EventLog
    let broadcaster: LogBroadcaster

    /// The client's reconnection delay, sent at the start of each stream.
    static var retryMilliseconds: Int { 2000 }

    func register(on router: Router<Context>) {
        router.get("/v1/events/stream") { request, _ in
            try stream(request)
        }
    }

    private func stream(_ request: Request) throws -> Response {
        let start = try startPosition(of: request)
        let subscription = broadcaster.subscribe()
        let log = log
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: "retry: \(Self.retryMilliseconds)\n\n"))
                    var position = start
                    while position < subscription.backfillThrough {
                        let events = try log.read(after: position, limit: 512).filter { $0.position <= subscription.backfillThrough }
                        guard let last = events.last else { break }
                        try await writer.write(Self.frames(events))
                        position = last.position
                    }
                    for await item in subscription.items {
                        switch item {
                        case .heartbeat:
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        case .event(let event) where event.position > position:
                            try await writer.write(Self.frames([event]))
                            position = event.position
                        case .event:
                            continue
                        }
                    }
                } onGracefulShutdown: {
                    subscription.end()
                }
                try await writer.finish(nil)
            }
        )
    }

    /// `Last-Event-ID`, else `after`, else the head.
    private func startPosition(of request: Request) throws(Problem) -> LogPosition {
        if let lastID = request.headers[.lastEventID] {
            guard let position = UInt64(lastID) else {
                throw Problem(
                    status: .badRequest, title: "Invalid Last-Event-ID", detail: "Last-Event-ID must be a log position, found \"\(lastID)\".",
                    errors: [Problem.FieldError(field: "Last-Event-ID", message: "must be a non-negative integer")])
            }
            return LogPosition(position)
        }
        guard request.uri.queryParameters["after"] != nil else { return log.head }
        return LogPosition(try QueryParameter.integer(request.uri.queryParameters, "after", default: 0, range: 0...UInt64.max))
    }

    /// Writes `json` as the value of `data:` fields: a message stored with line breaks in
    /// its white space gets one `data:` line per line (CR, LF and CRLF all end an SSE line),
    /// which a client joins back with LF.
    private static func writeData(_ json: ByteBufferView, to buffer: inout ByteBuffer) {
        var previous: UInt8 = 0
        for byte in json {
            switch byte {
            case UInt8(ascii: "\n") where previous == UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                buffer.writeString("\ndata: ")
            default:
                buffer.writeInteger(byte)
            }
            previous = byte
        }
    }

    private static func frames(_ events: [RecordedEvent]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for event in events {
            var json = JSONWriter(capacity: event.payload.count + 96)
            json.event(event)
            buffer.writeString("id: \(event.position.rawValue)\nevent: event\ndata: ")
            writeData(json.buffer.readableBytesView, to: &buffer)
            buffer.writeString("\n\n")
        }
        return buffer
    }
}
