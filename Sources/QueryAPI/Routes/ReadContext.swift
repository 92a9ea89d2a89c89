import EventLog
import HTTPTypes
import Hummingbird
import Projections

/// What every read route shares: read-your-writes (`minPosition`, waiting at most
/// `readYourWritesTimeout`) and the `CX-Applied-Position` header.
struct ReadContext: Sendable {
    let runner: ProjectionRunner
    let readYourWritesTimeout: Duration

    var store: ReadModelStore { runner.store }

    /// Waits for `minPosition` if the request names one; 503 with `Retry-After` if the
    /// projections do not reach it in time, 400 at once if it is past the log head (no
    /// ingest answered it, so waiting could not help).
    func awaitMinimumPosition(_ request: Request) async throws {
        guard let text = request.uri.queryParameters["minPosition"] else { return }
        guard let position = UInt64(text) else { throw Problem.badParameter("minPosition", "must be a whole number, found \"\(text.prefix(40))\"") }
        let head = runner.log.head.rawValue
        guard position <= head else {
            throw Problem.badParameter("minPosition", "is beyond the log head \(head): use a position an ingest answered")
        }
        if await runner.waitUntilApplied(LogPosition(position), timeout: readYourWritesTimeout) { return }
        // Read once: the projections may apply it between the wait's end and this answer.
        let applied = runner.applied.position
        guard applied.rawValue < position else { return }
        throw Problem(
            status: .serviceUnavailable,
            title: "Not caught up",
            detail: "The read models have applied position \(applied), not yet \(position). Retry shortly.",
            errors: [Problem.FieldError(field: "minPosition", message: "not reached within \(readYourWritesTimeout)")],
            headers: [.retryAfter: "1"]
        )
    }

    /// A JSON response with the applied position.
    func respond(_ writer: JSONWriter) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .appliedPosition: String(runner.applied.position.rawValue)],
            body: ResponseBody(byteBuffer: writer.buffer)
        )
    }
}
