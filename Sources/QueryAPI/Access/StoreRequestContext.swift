public import EventLog
public import Hummingbird

/// The context of every request: Hummingbird's, plus the tenant it is for and what its
/// credential allows, both settled by ``TenantRouter`` before any route sees the request.
public struct StoreRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The tenant the request is for.
    public var tenant: TenantName
    /// What the request's `Authorization` proved. Refused until the tenant router has
    /// checked it, so that a route reached any other way fails closed.
    public var access: Authenticator.Outcome

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        tenant = .default
        access = .refused("the request was not authenticated")
    }

    /// How an erasure names who asked: the credential's account.
    var requester: String {
        switch access {
        case .authenticated(let credential): credential.account
        case .open, .refused: "open store (no credentials)"
        }
    }
}
