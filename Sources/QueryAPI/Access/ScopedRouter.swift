import HTTPTypes
import Hummingbird

/// A tenant's router where every route is registered with the access it requires, which
/// guards it (``AccessMiddleware``): a route cannot be added without one, and
/// ``checkEveryRouteDeclaresItsAccess()`` refuses a router that got one some other way.
final class ScopedRouter {
    typealias Context = StoreRequestContext

    let router: Router<Context>
    private let rateLimiter = RateLimiter()
    /// The limit of credentials that have none of their own; `nil` for none.
    private let defaultRateLimit: RateLimit?
    /// The tenant's webhook secrets, for the routes of signing platforms.
    private let webhookSecrets: WatchedFile<WebhookSecrets>
    /// The largest body a signed webhook may have (its signature covers the whole body).
    private let maximumWebhookBodySize: Int
    private var declared: [String: RouteAccess] = [:]

    init(
        _ router: Router<Context>, defaultRateLimit: RateLimit?, webhookSecrets: WatchedFile<WebhookSecrets>,
        maximumWebhookBodySize: Int
    ) {
        self.router = router
        self.defaultRateLimit = defaultRateLimit
        self.webhookSecrets = webhookSecrets
        self.maximumWebhookBodySize = maximumWebhookBodySize
    }

    /// Adds `handler` for `method` on `path`, behind `access`.
    func on(
        _ path: RouterPath, method: HTTPRequest.Method, _ access: RouteAccess,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        var group = router.group()
        switch access {
        case .anyone:
            break
        case .scope(let scope):
            group = group.add(middleware: AccessMiddleware(scope: scope, rateLimiter: rateLimiter, defaultRateLimit: defaultRateLimit))
        case .signedWebhook(let platform):
            let unsigned = AccessMiddleware(scope: .ingest, rateLimiter: rateLimiter, defaultRateLimit: defaultRateLimit)
            group = group.add(
                middleware: SignedWebhookMiddleware(
                    platform: platform, secrets: webhookSecrets, maximumBodySize: maximumWebhookBodySize, unsigned: unsigned))
        }
        group.on(path, method: method, use: handler)
        declared[Self.key(method, path)] = access
    }

    /// `GET path`, behind `access`.
    func get(_ path: RouterPath, _ access: RouteAccess, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) {
        on(path, method: .get, access, use: handler)
    }

    /// `POST path`, behind `access`.
    func post(_ path: RouterPath, _ access: RouteAccess, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) {
        on(path, method: .post, access, use: handler)
    }

    /// `DELETE path`, behind `access`.
    func delete(_ path: RouterPath, _ access: RouteAccess, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator)
    {
        on(path, method: .delete, access, use: handler)
    }

    /// Fails for a route of the router that was not added through this one: it would run
    /// with no access check at all.
    func checkEveryRouteDeclaresItsAccess() throws(UndeclaredRouteAccess) {
        let undeclared = router.routes.map { Self.key($0.method, $0.path) }.filter { declared[$0] == nil }
        guard undeclared.isEmpty else { throw UndeclaredRouteAccess(routes: undeclared.sorted()) }
    }

    private static func key(_ method: HTTPRequest.Method, _ path: RouterPath) -> String {
        "\(method) \(path)"
    }
}

/// Routes registered without the access they require; the server refuses to start.
struct UndeclaredRouteAccess: Error, CustomStringConvertible {
    let routes: [String]

    var description: String { "routes registered without a declared access (scope): \(routes.joined(separator: ", "))" }
}
