public import EventLog
import Foundation
import Hummingbird
public import Ingest
import Logging
import NIOCore
public import Projections
public import QueryAPI
import ServiceLifecycle
import Synchronization

/// The real HTTP application over a real log, listening on a free loopback port.
public final class TestServer: Sendable {
    /// The default tenant's log.
    public let log: EventLog
    /// The projector keeping the default tenant's read models.
    public let runner: ProjectionRunner
    /// Every tenant it serves, the default one open from the start and the others opened on
    /// first use.
    public let registry: TenantRegistry
    /// The port it listens on.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(log: EventLog, runner: ProjectionRunner, registry: TenantRegistry, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.log = log
        self.runner = runner
        self.registry = registry
        self.port = port
        self.group = group
        self.task = task
    }

    /// Opens a log in `dataDirectory` and starts the application on port 0; `gate` is the
    /// write path's (a read replica's refusal, say), and writes are paced by the read models
    /// as `cxstore serve` paces them (`projectionLagLimit` events, each write waiting at most
    /// `pacingMaximumWait`; `nil` for no pacing). Tenants other than the default one open on
    /// first use, and close after `tenantIdleTimeout` unused (`nil`: never).
    public static func start(
        dataDirectory: String,
        logConfiguration: EventLog.Configuration = .init(),
        maximumBodySize: Int = 1 << 20,
        gate: (any AcknowledgementGate)? = nil,
        projectionLagLimit: Int? = ReadModelPacing.defaultLimit,
        pacingMaximumWait: Duration = .seconds(1),
        tenantIdleTimeout: Duration? = nil,
        configure: (inout StoreApplication.Configuration) -> Void = { _ in }
    ) async throws -> TestServer {
        var logger = Logger(label: "cxstore.test")
        logger.logLevel = .warning
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var configuration = StoreApplication.Configuration(host: "127.0.0.1", port: 0, maximumBodySize: maximumBodySize)
        configure(&configuration)
        let assembly = TenantAssembly(
            logConfiguration: logConfiguration, projectionLagLimit: projectionLagLimit, pacingMaximumWait: pacingMaximumWait, http: configuration,
            logger: logger)
        let registry = TenantRegistry(root: dataDirectory, assembly: assembly, idleTimeout: tenantIdleTimeout)
        let defaultTenant = try await assembly.open(StoreLayout(dataDirectory: dataDirectory), gate: gate)
        registry.add(defaultTenant)
        let (log, runner) = (defaultTenant.log, defaultTenant.runner)
        let application = StoreApplication.build(registry: registry, configuration: configuration, logger: logger) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [registry, application], logger: logger))
        let task = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            await log.close()
            throw TestServerError.didNotStart
        }
        return TestServer(log: log, runner: runner, registry: registry, port: port, group: group, task: task)
    }

    /// Shuts the server down gracefully, then closes the log. A graceful shutdown still
    /// going after `timeout` is cancelled (and says so on standard error), so that a hang
    /// fails the test that meets it instead of holding the whole run; the routes' own
    /// shutdown behaviour has tests of its own.
    public func stop(within timeout: Duration = .seconds(60)) async {
        await group.triggerGracefulShutdown()
        let watchdog = Task { [task, port] in
            try await Task.sleep(for: timeout)
            FileHandle.standardError.write(Data("TestServer on port \(port): graceful shutdown still going after \(timeout); cancelled\n".utf8))
            task.cancel()
        }
        _ = try? await task.value
        watchdog.cancel()
        await log.close()
    }
}

/// Why a test server could not be used.
public enum TestServerError: Error {
    /// The application never reported a listening port.
    case didNotStart
}
