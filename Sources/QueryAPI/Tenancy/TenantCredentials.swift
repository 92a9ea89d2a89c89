public import EventLog
import Foundation
import Synchronization

/// The credentials of every tenant of a store, to find the tenant a request's credential
/// belongs to. Each tenant's file is read again when it changes, and the list of tenants is
/// looked at no more than once a second, so added tenants and credentials take effect on a
/// running server.
final class TenantCredentials: Sendable {
    let root: String
    private let state: Mutex<State>
    private static let lookInterval = Duration.seconds(1)

    private struct State {
        var tenants: [TenantName]
        var authenticators: [TenantName: Authenticator] = [:]
        var listedAt: ContinuousClock.Instant
    }

    init(root: String) {
        self.root = root
        state = Mutex(State(tenants: StoreTenants(root: root).list(), listedAt: .now))
    }

    /// The tenants of the store, as listed at most a second ago.
    var tenants: [TenantName] {
        state.withLock { state in
            refresh(&state)
            return state.tenants
        }
    }

    /// The authenticator of `tenant`'s credentials.
    func authenticator(for tenant: TenantName) -> Authenticator {
        state.withLock { state in
            if let authenticator = state.authenticators[tenant] { return authenticator }
            let authenticator = Authenticator(file: CredentialFile(path: StoreLayout(root: root, tenant: tenant).credentialsFile))
            state.authenticators[tenant] = authenticator
            return authenticator
        }
    }

    /// The tenant whose credential `presented` is, with the credential; `nil` when it is
    /// no tenant's.
    func owner(of presented: PresentedCredential) -> (tenant: TenantName, credential: Credential)? {
        for tenant in tenants {
            if case .authenticated(let credential) = authenticator(for: tenant).authenticate(.basic(presented)) {
                return (tenant, credential)
            }
        }
        return nil
    }

    private func refresh(_ state: inout State) {
        let now = ContinuousClock.now
        guard now - state.listedAt >= Self.lookInterval else { return }
        state.listedAt = now
        state.tenants = StoreTenants(root: root).list()
        state.authenticators = state.authenticators.filter { state.tenants.contains($0.key) }
    }
}
