import EventLog
import HTTPTypes
import Hummingbird

/// Guards one route that requires `scope`: lets a request through when its tenant is open
/// or its credential (checked by ``TenantRouter``) has the scope and is within its rate
/// limit; otherwise answers 401 (with `WWW-Authenticate`), 403, or 429 (with `Retry-After`).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = StoreRequestContext

    let scope: Scope
    let rateLimiter: RateLimiter
    /// The limit of credentials that have none of their own; `nil` for none.
    let defaultRateLimit: RateLimit?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch context.access {
        case .open:
            return try await next(request, context)
        case .refused(let reason):
            throw Problem(
                status: .unauthorized, title: "Unauthorized", detail: reason,
                headers: [.wwwAuthenticate: #"Basic realm="cxstore", charset="UTF-8""#])
        case .authenticated(let credential):
            guard credential.scopes.contains(scope) else {
                throw Problem(
                    status: .forbidden, title: "Forbidden",
                    detail: "The credential of account \"\(credential.account)\" lacks the scope \"\(scope.rawValue)\" this route requires.")
            }
            if let limit = credential.rateLimit ?? defaultRateLimit, let wait = rateLimiter.admit(credential.id, under: limit) {
                let seconds = max(1, Int(wait.inSeconds.rounded(.up)))
                throw Problem(
                    status: .tooManyRequests, title: "Too many requests",
                    detail:
                        "The credential of account \"\(credential.account)\" is limited to \(limit.description); nothing was done. Retry after \(seconds) s.",
                    headers: [.retryAfter: String(seconds)])
            }
            return try await next(request, context)
        }
    }
}
