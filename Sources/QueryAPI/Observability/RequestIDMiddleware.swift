import HTTPTypes
import Hummingbird

/// Sends back the id Hummingbird gave the request (`hb.request.id` in every log line the
/// request writes) as `X-Request-ID`, so a client's report can be found in the logs.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.requestID] = context.id
        return response
    }
}
