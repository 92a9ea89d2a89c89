/// What a route requires of a request's credential, declared where the route is registered
/// (``ScopedRouter``).
enum RouteAccess: Sendable, Hashable, CustomStringConvertible {
    /// Anyone may call it: it holds no tenant's data (`/healthz`, the desk's files).
    case anyone
    /// A credential with this scope, within its rate limit (or a tenant with no credentials).
    case scope(Scope)
    /// A platform's webhook: when the tenant has the platform's secret, a valid signature and
    /// nothing else; without one, as ``scope(_:)`` `ingest` (``SignedWebhookMiddleware``).
    case signedWebhook(SigningPlatform)

    var description: String {
        switch self {
        case .anyone: "anyone"
        case .scope(let scope): scope.rawValue
        case .signedWebhook(let platform): "\(platform.rawValue) signature, or \(Scope.ingest.rawValue)"
        }
    }
}
