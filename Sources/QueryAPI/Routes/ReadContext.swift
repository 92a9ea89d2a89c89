import EventLog
import HTTPTypes
import Hummingbird
import Projections

/// What every read route shares: read-your-writes (`minPosition`, waiting at most
/// `readYourWritesTimeout`) and the `CX-Applied-Position` header.
struct ReadContext: Sendable {
    let runner: ProjectionRunner
    let readYourWritesTimeout: Duration
    /// Whether this store follows a primary's stream (a read replica): a position beyond its
    /// log head may be one the primary answered that has not arrived yet.
    let followsAPrimary: Bool

    var store: ReadModelStore { runner.store }

    /// Waits for `minPosition` if the request names one; 503 with `Retry-After` if the
    /// projections do not reach it in time. A position past the log head is a 400 at once on
    /// a primary (no ingest answered it, so waiting could not help); a replica waits for it
    /// to arrive, within the same bound.
    func awaitMinimumPosition(_ request: Request) async throws {
        guard let text = request.uri.queryParameters["minPosition"] else { return }
        guard let position = UInt64(text) else { throw Problem.badParameter("minPosition", "must be a whole number, found \"\(text.prefix(40))\"") }
        let deadline = ContinuousClock.now + readYourWritesTimeout
        var head = runner.log.head.rawValue
        if position > head, followsAPrimary {
            head = await runner.log.waitForHead(reaching: LogPosition(position), timeout: max(deadline - ContinuousClock.now, .zero)).rawValue
            guard position <= head else {
                throw notCaughtUp("This replica has received the log up to position \(head), not yet \(position). Retry shortly.")
            }
        }
        guard position <= head else {
            throw Problem.badParameter("minPosition", "is beyond the log head \(head): use a position an ingest answered")
        }
        if await runner.waitUntilApplied(LogPosition(position), timeout: max(deadline - ContinuousClock.now, .zero)) { return }
        // Read once: the projections may apply it between the wait's end and this answer.
        let applied = runner.applied.position
        guard applied.rawValue < position else { return }
        throw notCaughtUp("The read models have applied position \(applied), not yet \(position). Retry shortly.")
    }

    private func notCaughtUp(_ detail: String) -> Problem {
        Problem(
            status: .serviceUnavailable,
            title: "Not caught up",
            detail: detail,
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
