import ArgumentParser
import EventLog
import Foundation
import Ingest
import Logging
import Projections
import QueryAPI
import Replication
import ServiceLifecycle
import UnixSignals

/// `cxstore serve`: the HTTP service.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP service: ingest, the history API, the events feed, and the projector that keeps the read models.",
        discussion: """
            SIGTERM or SIGINT stop accepting connections, let every in-flight append commit \
            and sync, then exit 0. The read models (DIR/projections.sqlite) can be opened \
            read-only with sqlite3 while it runs.

            With --replicate, every committed event of a tenant is also published to the \
            tenant's NATS JetStream stream (STREAM for default, STREAM_NAME for tenant NAME; see \
            docs/replication.md and docs/tenants.md). A tenant that is a read replica in DIR is \
            promoted at start: it catches up with its stream and writes a promotion record \
            through it, which fences that tenant's old primary; then it takes writes.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The store's data directory, with every tenant in it (created if missing).", valueName: "dir"))
    var data: String = "./data"

    @OptionGroup var service: ServiceOptions

    @Flag(
        help: """
            Acknowledge appends before they are synced (the log is synced every 100 ms). \
            Survives a crash of this process, but a power cut or kernel panic may lose the \
            last 100 ms of acknowledged events.
            """)
    var relaxedDurability = false

    @Option(help: ArgumentHelp("Publish the log to the JetStream stream on these NATS servers.", valueName: "nats://host:port,..."))
    var replicate: String?

    @Option(
        help: ArgumentHelp(
            "sync: a 202 waits for the stream's acknowledgement (a quorum of its replicas); async: a 202 after the local sync, the stream follows."))
    var replication: ReplicationMode = .sync

    @OptionGroup var stream: StreamOptions

    @Option(help: ArgumentHelp("Seconds a write waits for the stream in sync mode before a 503.", valueName: "seconds"))
    var replicationTimeout: Double = 5

    @Option(
        help: ArgumentHelp(
            "Hold writes back while the read models trail the log by more than this many events, so that reads with minPosition stay fresh under load (0: never).",
            valueName: "events"))
    var projectionLagLimit: Int = ReadModelPacing.defaultLimit

    @Option(
        help: ArgumentHelp(
            "Close a tenant (other than default) after this many seconds with no request or stream; it opens again on the next (0: never).",
            valueName: "seconds"))
    var tenantIdleTimeout: Int = 600

    func validate() throws {
        guard tenantIdleTimeout >= 0 else { throw ValidationError("--tenant-idle-timeout must be 0 or more") }
        guard projectionLagLimit >= 0 else { throw ValidationError("--projection-lag-limit must be 0 or more") }
        if let replicate { _ = try natsServers(replicate) }
        guard replicationTimeout > 0, replicationTimeout <= 60 else { throw ValidationError("--replication-timeout must be above 0 and at most 60") }
    }

    func run() async throws {
        let metricsRegistry = service.bootstrap()
        let logger = Logger(label: "cxstore")
        let tenants = StoreTenants(root: data)
        let layout = tenants.layout(of: .default)
        try service.refuseOpenNonLoopbackAddress(layouts: tenants.list().map(tenants.layout(of:)))
        let replicas = tenants.list().compactMap { tenant in followedStream(of: tenants.layout(of: tenant)).map { (tenant, $0) } }
        if replicate == nil, !replicas.isEmpty {
            let named = replicas.map { "\($0.0) (stream \($0.1))" }.joined(separator: ", ")
            throw ValidationError(
                "\(data) holds read replicas: \(named). Run `cxstore replica` on it, or promote them with `cxstore serve --replicate URLS --stream \(stream.stream)`"
            )
        }
        let durability: Durability = relaxedDurability ? .relaxed(flushInterval: .milliseconds(100)) : .durable
        let logConfiguration = EventLog.Configuration(durability: durability)
        let servers = try replicate.map(natsServers)
        for (tenant, followed) in replicas {
            try await promote(
                tenants.layout(of: tenant), followedStream: followed, servers: servers ?? [], configuration: logConfiguration, logger: logger)
        }
        let log = try EventLog(
            directory: layout.logDirectory,
            configuration: .init(durability: durability, metricDimensions: TenantAssembly.metricDimensions(of: .default)),
            logger: Logger(label: "cxstore.eventlog"))
        logger.info(
            "event log open",
            metadata: [
                "eventlog.directory": "\(log.directory)", "eventlog.head": "\(log.head)",
                "eventlog.durability": "\(relaxedDurability ? "relaxed" : "durable")",
            ]
        )
        let publisher = servers.map { servers in
            let (streams, mode, timeout) = (stream, replication, replicationTimeout)
            return { @Sendable (layout: StoreLayout, log: EventLog) async throws -> TenantReplication in
                var logger = Logger(label: "cxstore.replication")
                logger[metadataKey: "tenant"] = "\(layout.tenant)"
                let configuration = LogPublisher.Configuration(
                    servers: servers, stream: streams.name(of: layout.tenant), mode: mode, acknowledgementTimeout: .seconds(timeout))
                let publisher = try LogPublisher(log: log, configuration: configuration, logger: logger)
                await publisher.prepare(within: .seconds(2))
                return .publishing(publisher)
            }
        }
        let assembly = TenantAssembly(
            logConfiguration: logConfiguration, projectionLagLimit: projectionLagLimit > 0 ? projectionLagLimit : nil,
            http: service.configuration(metricsRegistry: metricsRegistry),
            replication: publisher,
            companions: { layout, runner, gate in
                [
                    ErasureRequestWatcher(
                        layout: layout, eraser: CustomerEraser(runner: runner), admit: { try gate?.admit() },
                        logger: Logger(label: "cxstore.erasure"))
                ]
            },
            logger: Logger(label: "cxstore.projections"))
        let registry = TenantRegistry(root: data, assembly: assembly, idleTimeout: tenantIdleTimeout > 0 ? .seconds(tenantIdleTimeout) : nil)
        registry.add(try await assembly.open(layout, log: log))
        let application = service.application(registry: registry, metricsRegistry: metricsRegistry, logger: logger)
        try String(getpid()).write(toFile: layout.servePIDFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: layout.servePIDFile) }
        let group = ServiceGroup(
            configuration: .init(services: [registry, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        // The registry closes each tenant's log once its services have stopped.
        try await group.run()
        logger.notice("stopped; every acknowledged append is committed", metadata: ["eventlog.head": "\(log.head)"])
    }

    /// The stream the tenant at `layout` follows, when it is a read replica.
    private func followedStream(of layout: StoreLayout) -> String? {
        try? String(contentsOfFile: layout.replicaMarkerFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Turns the read replica of a tenant into its primary (``ReplicaPromotion``): it catches
    /// up with the stream it followed and writes its promotion record through it, which
    /// fences the old primary of that tenant, then takes writes after it.
    private func promote(
        _ layout: StoreLayout, followedStream: String, servers: [String], configuration: EventLog.Configuration, logger: Logger
    ) async throws {
        let expected = stream.name(of: layout.tenant)
        guard followedStream == expected else {
            throw ValidationError(
                "tenant \(layout.tenant) is a replica of stream \(followedStream), but --stream and --default-stream name its stream \(expected)")
        }
        logger.notice("promoting the read replica", metadata: ["tenant": "\(layout.tenant)", "replication.stream": "\(followedStream)"])
        var configuration = configuration
        configuration.metricDimensions = TenantAssembly.metricDimensions(of: layout.tenant)
        let log = try EventLog(directory: layout.logDirectory, configuration: configuration, logger: Logger(label: "cxstore.eventlog"))
        do {
            let position = try await ReplicaPromotion(
                log: log, servers: servers, stream: followedStream, logger: Logger(label: "cxstore.replication")
            ).promote()
            await log.close()
            try FileManager.default.removeItem(atPath: layout.replicaMarkerFile)
            logger.notice(
                "promoted: this store is the tenant's primary", metadata: ["tenant": "\(layout.tenant)", "eventlog.position": "\(position)"])
        } catch {
            await log.close()
            throw error
        }
    }
}
