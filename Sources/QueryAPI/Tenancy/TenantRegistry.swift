public import EventLog
import Foundation
public import ServiceLifecycle
import Synchronization

/// The tenants one process serves: opened on first use (or at start, by ``add(_:)``), and
/// closed when `cxstore tenants remove` takes their directory away or, with an idle timeout,
/// when nothing has used them for that long. As a service it runs each open tenant's
/// services, and on shutdown stops them and closes their logs.
///
/// A tenant is never open twice at once (LMDB forbids opening an environment twice in one
/// process): opening it again waits until its closing has closed its log.
public final class TenantRegistry: Service, Sendable {
    /// The store's data directory.
    public let root: String
    private let assembly: TenantAssembly
    /// Whether tenants other than those added at start are opened on first use.
    private let opensOnDemand: Bool
    /// How long a tenant opened on demand stays open with no request, stream or body in
    /// flight; `nil`: until it is removed or the process stops.
    private let idleTimeout: Duration?
    private let state = Mutex(State())
    private let started: AsyncStream<TenantServices>
    private let starting: AsyncStream<TenantServices>.Continuation
    let credentials: TenantCredentials

    private struct State {
        var open: [TenantName: Entry] = [:]
        var opening: [TenantName: Task<TenantServices, any Error>] = [:]
        var closing: [TenantName: Task<Void, Never>] = [:]
    }

    private struct Entry {
        let services: TenantServices
        /// Opened at start: never closed for idleness.
        let pinned: Bool
        var checkedAt: ContinuousClock.Instant
        var usedAt: ContinuousClock.Instant
    }

    /// How often an open tenant's directory is looked for, so that a removed tenant closes.
    private static let checkInterval = Duration.seconds(1)

    /// A registry of the tenants of the store at `root`, opened with `assembly`.
    /// `opensOnDemand: false` serves only the tenants given to ``add(_:)``; `idleTimeout`
    /// closes the others after that long unused.
    public init(root: String, assembly: TenantAssembly, opensOnDemand: Bool = true, idleTimeout: Duration? = nil) {
        self.root = root
        self.assembly = assembly
        self.opensOnDemand = opensOnDemand
        self.idleTimeout = idleTimeout
        (started, starting) = AsyncStream.makeStream(of: TenantServices.self)
        credentials = TenantCredentials(root: root)
    }

    /// Serves a tenant opened already (the default one, opened at start); it stays open.
    public func add(_ services: TenantServices) {
        let now = ContinuousClock.now
        state.withLock { $0.open[services.layout.tenant] = Entry(services: services, pinned: true, checkedAt: now, usedAt: now) }
        starting.yield(services)
    }

    /// The open services of `tenant`, opening it first if it is not open.
    ///
    /// - Throws: ``TenantError`` `unknownTenant` when it does not exist (or was removed), or
    ///   is not one this registry opens; what opening it throws.
    public func services(for tenant: TenantName) async throws -> TenantServices {
        try await lease(tenant, counting: false)
    }

    /// Like ``services(for:)``, counting a use of the tenant until its ``TenantServices/release()``,
    /// so that it is not closed for idleness meanwhile.
    func lease(_ tenant: TenantName) async throws -> TenantServices {
        try await lease(tenant, counting: true)
    }

    private func lease(_ tenant: TenantName, counting: Bool) async throws -> TenantServices {
        let now = ContinuousClock.now
        let found: (services: TenantServices, check: Bool)? = state.withLock { state in
            guard var entry = state.open[tenant] else { return nil }
            let check = now - entry.checkedAt >= Self.checkInterval
            if check { entry.checkedAt = now }
            entry.usedAt = now
            state.open[tenant] = entry
            if counting { entry.services.retain() }
            return (entry.services, check)
        }
        if let found {
            guard found.check, !StoreTenants(root: root).exists(tenant) else { return found.services }
            if counting { found.services.release() }
            await close([tenant])
            throw Self.unknown(tenant)
        }
        guard opensOnDemand, StoreTenants(root: root).exists(tenant) else { throw Self.unknown(tenant) }
        let (assembly, root) = (self.assembly, self.root)
        let opening = state.withLock { state in
            if let opening = state.opening[tenant] { return opening }
            let closing = state.closing[tenant]
            let opening = Task {
                await closing?.value
                return try await assembly.open(StoreLayout(root: root, tenant: tenant))
            }
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
            if counting { services.retain() }
            guard state.opening.removeValue(forKey: tenant) != nil else { return false }
            let now = ContinuousClock.now
            state.open[tenant] = Entry(services: services, pinned: false, checkedAt: now, usedAt: now)
            return true
        }
        if first { starting.yield(services) }
        return services
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
        let sweeper = idleTimeout.map { timeout in
            Task { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: min(timeout / 4, .seconds(15)))
                    await close(idleFor: timeout)
                }
            }
        }
        defer { sweeper?.cancel() }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for await services in started {
                    group.addTask { [starting] in
                        do {
                            try await services.run()
                        } catch {
                            // Ends this loop too, so that the group ends with the error.
                            starting.finish()
                            throw error
                        }
                    }
                }
            }
        } onGracefulShutdown: { [self] in
            sweeper?.cancel()
            starting.finish()
            let open = state.withLock { $0.open.values.map(\.services) }
            Task { for services in open { await services.stop() } }
        }
    }

    /// Closes the tenants opened on demand that nothing has used for `timeout`: no request,
    /// response body or stream in flight.
    private func close(idleFor timeout: Duration) async {
        let now = ContinuousClock.now
        await close { _, entry in !entry.pinned && now - entry.usedAt >= timeout && entry.services.isUnused }
    }

    /// Stops serving `tenants`.
    private func close(_ tenants: [TenantName]) async {
        await close { tenant, _ in tenants.contains(tenant) }
    }

    /// Stops serving the open tenants `closes` picks (under the same lock as every lease, so
    /// none is picked while a request takes it): each one's services stop, then its log
    /// closes; opening one again meanwhile waits for that. Returns once they are closed.
    private func close(where closes: (TenantName, Entry) -> Bool) async {
        let closings = state.withLock { state in
            state.open.filter { closes($0.key, $0.value) }.map { tenant, entry in
                state.open[tenant] = nil
                let services = entry.services
                let closing = Task { [self] in
                    await services.stop()
                    await services.waitUntilClosed()
                    self.state.withLock { _ = $0.closing.removeValue(forKey: tenant) }
                }
                state.closing[tenant] = closing
                return closing
            }
        }
        for closing in closings { await closing.value }
    }

    private static func unknown(_ tenant: TenantName) -> TenantError {
        TenantError(code: .unknownTenant, message: "tenant \"\(tenant)\" is not served here")
    }
}
