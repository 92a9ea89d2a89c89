import HTTPTypes
import Hummingbird

/// Refuses a request with more header fields than `maximumCount` (431), before any route or
/// credential check runs. The total size of the header block is bounded earlier, by the
/// HTTP parser (80 KiB).
struct HeaderLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximumCount: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers.count <= maximumCount else {
            throw Problem(
                status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                title: "Too many header fields",
                detail: "The request has \(request.headers.count) header fields, more than \(maximumCount); nothing was done.",
                errors: [Problem.FieldError(field: "headers", message: "must be at most \(maximumCount) fields")]
            )
        }
        return try await next(request, context)
    }
}
