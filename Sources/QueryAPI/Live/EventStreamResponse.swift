import EventLog
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// The Server-Sent Events response every live route answers with: a `retry:` hint, the
/// backfill from storage up to the subscription's position, then the live items, each event
/// with its log position as `id:`, and a comment line for each heartbeat. Graceful shutdown
/// ends the stream.
///
/// Backfill pages are read and framed one at a time for the whole tenant (the
/// ``StreamAdmission``'s turns), each after an empty comment line that finds a client gone
/// while it waited; the page is written to the client after the turn.
enum EventStreamResponse {
    /// The client's reconnection delay, sent at the start of each stream.
    static var retryMilliseconds: Int { 2000 }

    /// A streaming response over `subscription`, resuming after `start`.
    ///
    /// - Parameters:
    ///   - backfill: the elements after a position and up to another, in order, at most a
    ///     page of them; called until it returns none.
    ///   - position: an element's log position.
    ///   - frame: writes one element as an event.
    ///   - ticket: the stream's place among the tenant's open streams, given back when the
    ///     stream ends.
    ///   - turns: where each backfill page waits for its turn to be read and framed.
    static func make<Key, Element>(
        subscription: LiveFanOut<Key, Element>.Subscription,
        ticket: StreamAdmission.Ticket,
        turns: TurnQueue,
        start: LogPosition,
        backfill: @escaping @Sendable (_ after: LogPosition, _ through: LogPosition) async throws -> [Element],
        position: @escaping @Sendable (Element) -> LogPosition,
        frame: @escaping @Sendable (Element, inout ByteBuffer) -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: "retry: \(retryMilliseconds)\n\n"))
                    var sent = start
                    while sent < subscription.backfillThrough {
                        let page: (buffer: ByteBuffer, last: LogPosition)? = try await turns.run {
                            // A client gone while the stream waited for its turn is found here,
                            // before its page is read for nothing.
                            try await writer.write(ByteBuffer(string: ":\n\n"))
                            let elements = try await backfill(sent, subscription.backfillThrough)
                            guard let last = elements.last else { return nil }
                            var buffer = ByteBuffer()
                            for element in elements { frame(element, &buffer) }
                            return (buffer, position(last))
                        }
                        guard let page else { break }
                        try await writer.write(page.buffer)
                        sent = page.last
                    }
                    for await item in subscription.items {
                        switch item {
                        case .heartbeat:
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        case .element(let element) where position(element) > sent:
                            var buffer = ByteBuffer()
                            frame(element, &buffer)
                            try await writer.write(buffer)
                            sent = position(element)
                        case .element:
                            continue
                        }
                    }
                } onGracefulShutdown: {
                    subscription.end()
                }
                try await writer.finish(nil)
                withExtendedLifetime(ticket) {}
            }
        )
    }

    /// Writes one event: `id:`, `event:`, and `json` as `data:` lines.
    static func write(id: LogPosition, event name: String, json: JSONWriter, to buffer: inout ByteBuffer) {
        buffer.writeString("id: \(id.rawValue)\nevent: \(name)\ndata: ")
        writeData(json.buffer.readableBytesView, to: &buffer)
        buffer.writeString("\n\n")
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

    /// `Last-Event-ID`, else `after`, else `head` (an invalid `after` is refused even when
    /// `Last-Event-ID` is given).
    static func startPosition(of request: Request, head: LogPosition) throws(Problem) -> LogPosition {
        let after = try QueryParameter.integer(request.uri.queryParameters, "after", default: head.rawValue, range: 0...UInt64.max)
        if let lastID = request.headers[.lastEventID] {
            guard let position = UInt64(lastID) else {
                throw Problem(
                    status: .badRequest, title: "Invalid Last-Event-ID", detail: "Last-Event-ID must be a log position, found \"\(lastID)\".",
                    errors: [Problem.FieldError(field: "Last-Event-ID", message: "must be a non-negative integer")])
            }
            return LogPosition(position)
        }
        return LogPosition(after)
    }
}
