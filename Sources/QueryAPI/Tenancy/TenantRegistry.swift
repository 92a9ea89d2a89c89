public import EventLog
import Foundation
public import ServiceLifecycle
import Synchronization

/// The tenants one process serves: opened on first use (or at start, by ``add(_:)``), closed
/// when `cxstore tenants remove` takes their directory away. As a service it runs each open
/// tenant's services, and on shutdown stops them and closes their logs.
public final class TenantRegistry: Service, Sendable {
    /// The store's data directory.
    public let root: String
    private let assembly: TenantAssembly
    /// Whether tenants other than those added at start are opened on first use.
    private let opensOnDemand: Bool
    private let state = Mutex(State())
    private let started: AsyncStream<TenantServices>
    private let starting: AsyncStream<TenantServices>.Continuation
    let credentials: TenantCredentials

    private struct State {
        var open: [TenantName: Entry] = [:]
        var opening: [TenantName: Task<TenantServices, any Error>] = [:]
    }

    private struct Entry {
        let services: TenantServices
        var checkedAt: ContinuousClock.Instant
    }

    /// How often an open tenant's directory is looked for, so that a removed tenant closes.
    private static let checkInterval = Duration.seconds(1)

    /// A registry of the tenants of the store at `root`, opened with `assembly`.
    /// `opensOnDemand: false` serves only the tenants given to ``add(_:)``.
    public init(root: String, assembly: TenantAssembly, opensOnDemand: Bool = true) {
        self.root = root
        self.assembly = assembly
        self.opensOnDemand = opensOnDemand
        (started, starting) = AsyncStream.makeStream(of: TenantServices.self)
        credentials = TenantCredentials(root: root)
    }

    /// Serves a tenant opened already (the default one, opened at start).
    public func add(_ services: TenantServices) {
        state.withLock { $0.open[services.layout.tenant] = Entry(services: services, checkedAt: .now) }
        starting.yield(services)
    }

    /// The open services of `tenant`, opening it first if it is not open.
    ///
    /// - Throws: ``TenantError`` `unknownTenant` when it does not exist (or was removed), or
    ///   is not one this registry opens; what opening it throws.
    public func services(for tenant: TenantName) async throws -> TenantServices {
        let now = ContinuousClock.now
        let found: (services: TenantServices, check: Bool)? = state.withLock { state in
            guard var entry = state.open[tenant] else { return nil }
            let check = now - entry.checkedAt >= Self.checkInterval
            if check {
                entry.checkedAt = now
                state.open[tenant] = entry
            }
            return (entry.services, check)
        }
        if let found {
            guard found.check, !StoreTenants(root: root).exists(tenant) else { return found.services }
            await close(tenant)
            throw Self.unknown(tenant)
        }
        guard opensOnDemand, StoreTenants(root: root).exists(tenant) else { throw Self.unknown(tenant) }
        let (assembly, root) = (self.assembly, self.root)
        let opening = state.withLock { state in
            if let opening = state.opening[tenant] { return opening }
            let opening = Task { try await assembly.open(StoreLayout(root: root, tenant: tenant)) }
            state.opening[tenant] = opening
            return opening
        }
        let services: TenantServices
        do {
            services = try await opening.value
        } catch {
            state.withLock { _ = $0.opening.removeValue(forKey: tenant) }
            throw error
        }
        let first = state.withLock { state in
            guard state.opening.removeValue(forKey: tenant) != nil else { return false }
            state.open[tenant] = Entry(services: services, checkedAt: .now)
            return true
        }
        if first { starting.yield(services) }
        return services
    }

    /// The limits of `tenant`, as its `tenant.json` says.
    func limits(of tenant: TenantName) -> TenantLimits {
        assembly.limits.limits(of: StoreLayout(root: root, tenant: tenant))
    }

    /// The tenants open now.
    public var openTenants: [TenantName] {
        state.withLock { $0.open.keys.sorted() }
    }

    /// Runs every open tenant's services until a graceful shutdown, then stops them and
    /// waits until each has closed its log. A tenant's service that fails (a replica's
    /// follower meeting a foreign stream, say) ends the run with its error, as a single
    /// store's did, so that the process stops and its supervisor sees it.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for await services in started {
                    group.addTask { try await services.run() }
                }
            }
        } onGracefulShutdown: { [self] in
            starting.finish()
            let open = state.withLock { $0.open.values.map(\.services) }
            Task { for services in open { await services.stop() } }
        }
    }

    /// Stops serving `tenant`: its services stop, then its log closes.
    private func close(_ tenant: TenantName) async {
        let entry = state.withLock { $0.open.removeValue(forKey: tenant) }
        await entry?.services.stop()
    }

    private static func unknown(_ tenant: TenantName) -> TenantError {
        TenantError(code: .unknownTenant, message: "tenant \"\(tenant)\" is not served here")
    }
}
