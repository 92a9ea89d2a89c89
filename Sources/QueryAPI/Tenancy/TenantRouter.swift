import EventLog
import HTTPTypes
import Hummingbird

/// The first responder of every request: settles which tenant it is for and what its
/// credential allows, then hands it to that tenant's routes.
///
/// The tenant is the credential's. A request may also name one, by a `CX-Tenant` header or
/// by the first label of its `Host` (when that label is a tenant's name, as with a tenant's
/// own host name); a name that disagrees with the credential is answered `404`, as an
/// unknown tenant is, so nothing says whether the other tenant exists. A request with no
/// credential goes to the tenant it names, else `default`, and is let in there only if that
/// tenant has no credentials (loopback development). Every answer of a tenant's routes
/// names the tenant in `CX-Tenant`, and what its credential may do in `CX-Scopes`.
struct TenantRouter: HTTPResponder {
    typealias Context = StoreRequestContext

    let registry: TenantRegistry
    /// Whether a tenant without credentials is open (a server on loopback only). `serve`
    /// refuses to start beyond loopback while a tenant has none; this keeps a tenant added
    /// later without credentials closed too.
    let letsOpenTenantsIn: Bool
    /// One bucket per tenant with a rate.
    let rateLimiter = RateLimiter()

    func respond(to request: Request, context: Context) async throws -> Response {
        var context = context
        let services: TenantServices
        do {
            try settle(request, &context)
            services = try await registry.lease(context.tenant)
        } catch {
            return ErrorMapping.problem(for: error, logger: context.logger).response
        }
        var response: Response
        do {
            try admitUnderTheTenantsRate(request, services)
            response = try await services.responder.respond(to: request, context: context)
        } catch {
            services.release()
            return ErrorMapping.problem(for: error, logger: context.logger).response
        }
        response.headers[.cxTenant] = context.tenant.rawValue
        response.headers[.cxScopes] = Self.scopes(of: context.access)
        guard response.body.contentLength == nil else {
            services.release()
            return response
        }
        // A body written after this returns (a stream, a large result) keeps the tenant in use
        // until it is written, or dropped unwritten.
        let body = response.body
        let lease = BodyLease(services)
        response.body = ResponseBody { writer in
            try await body.write(writer)
            withExtendedLifetime(lease) {}
        }
        return response
    }

    /// What the request's credential may do, for `CX-Scopes` (the desk offers what the
    /// credential allows): its scopes, every scope for an open tenant, none when refused.
    private static func scopes(of access: Authenticator.Outcome) -> String {
        switch access {
        case .authenticated(let credential): Scope.allCases.filter(credential.scopes.contains).map(\.rawValue).joined(separator: ",")
        case .open: everyScope
        case .refused: ""
        }
    }

    /// `CX-Scopes` of an open tenant, made once.
    private static let everyScope = Scope.allCases.map(\.rawValue).joined(separator: ",")

    /// Ends a tenant's use when the response body that holds it is released.
    private final class BodyLease: Sendable {
        let services: TenantServices

        init(_ services: TenantServices) {
            self.services = services
        }

        deinit { services.release() }
    }

    /// Refuses a request past its tenant's rate (`429`, nothing done); `/healthz` is never
    /// refused, so that a load balancer does not take a busy tenant for a dead one.
    private func admitUnderTheTenantsRate(_ request: Request, _ services: TenantServices) throws {
        let limits = services.limits.current
        guard let rate = limits.requestsPerSecond, request.uri.path != "/healthz" else { return }
        let limit = RateLimit(requestsPerSecond: rate, burst: limits.burst)
        guard let wait = rateLimiter.admit(services.layout.tenant.rawValue, under: limit) else { return }
        let seconds = max(1, Int(wait.inSeconds.rounded(.up)))
        throw Problem(
            status: .tooManyRequests, title: "Too many requests",
            detail: "This tenant is limited to \(limit.description); nothing was done. Retry after \(seconds) s.",
            headers: [.retryAfter: String(seconds)])
    }

    private func settle(_ request: Request, _ context: inout Context) throws {
        let credentials = registry.credentials
        let named = try namedTenant(request, among: credentials)
        let presented = PresentedAuthorization(request.headers[.authorization])
        if case .basic(let credential) = presented, let owner = credentials.owner(of: credential) {
            if let named, named != owner.tenant {
                throw TenantError(code: .unknownTenant, message: "the credential is not of tenant \"\(named)\"")
            }
            context.tenant = owner.tenant
            context.access = .authenticated(owner.credential)
            return
        }
        context.tenant = named ?? .default
        context.access = credentials.authenticator(for: context.tenant).authenticate(presented)
        if context.access == .open, !letsOpenTenantsIn {
            context.access = .refused("this tenant has no credentials yet, and this server is not on loopback: add one first")
        }
    }

    /// The tenant `CX-Tenant` names (any name: an unknown one is answered 404 later), else
    /// the first label of `Host` when it is a tenant's name.
    private func namedTenant(_ request: Request, among credentials: TenantCredentials) throws -> TenantName? {
        if let header = request.headers[.cxTenant] {
            return try TenantName.parse(header)
        }
        guard let authority = request.head.authority, let dot = authority.firstIndex(of: "."),
            let name = TenantName(authority[..<dot].lowercased())
        else { return nil }
        return credentials.tenants.contains(name) ? name : nil
    }
}
