/// What a route requires of a request's credential, declared where the route is registered
/// (``ScopedRouter``).
enum RouteAccess: Sendable, Hashable, CustomStringConvertible {
    /// Anyone may call it: it holds no tenant's data (`/healthz`, the desk's files).
    case anyone
    /// A credential with this scope, within its rate limit (or a tenant with no credentials).
    case scope(Scope)

    var description: String {
        switch self {
        case .anyone: "anyone"
        case .scope(let scope): scope.rawValue
        }
    }
}
