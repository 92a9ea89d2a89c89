import HTTPTypes
import Hummingbird

/// Lets a request through when the store is open or its credential has the route's scope;
/// otherwise answers 401 (with `WWW-Authenticate`) or 403.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let scope = RouteScopes.required(method: request.method, path: request.uri.path) else {
            return try await next(request, context)
        }
        switch authenticator.authenticate(request.headers[.authorization]) {
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
            return try await next(request, context)
        }
    }
}
