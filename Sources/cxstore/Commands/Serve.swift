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

            With --replicate, every committed event is also published to a NATS JetStream \
            stream (see docs/replication.md). On a read replica's directory this promotes the \
            replica: it first catches up with the stream, then takes writes at its head + 1.
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
        let followedStream = try? String(contentsOfFile: layout.replicaMarkerFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        if let followedStream, replicate == nil {
            throw ValidationError(
                "\(layout.dataDirectory) is a read replica of stream \(followedStream): run `cxstore replica` on it, or promote it with `cxstore serve --replicate URLS --stream \(followedStream)`"
            )
        }
        if replicate != nil, tenants.list().count > 1 {
            throw ValidationError("--replicate publishes the default tenant only, and \(data) has other tenants: serve them without --replicate")
        }
        let durability: Durability = relaxedDurability ? .relaxed(flushInterval: .milliseconds(100)) : .durable
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
        var publisher: LogPublisher?
        if let replicate {
            let servers = try natsServers(replicate)
            if let followedStream {
                try await promote(log: log, servers: servers, followedStream: followedStream, logger: logger)
            }
            publisher = try LogPublisher(
                log: log,
                configuration: .init(
                    servers: servers, stream: stream.stream, mode: replication, acknowledgementTimeout: .seconds(replicationTimeout)),
                logger: Logger(label: "cxstore.replication"))
        }
        let assembly = TenantAssembly(
            logConfiguration: .init(durability: durability), projectionLagLimit: projectionLagLimit > 0 ? projectionLagLimit : nil,
            http: service.configuration(metricsRegistry: metricsRegistry),
            companions: { [publisher] layout, runner in
                [
                    ErasureRequestWatcher(
                        layout: layout, eraser: CustomerEraser(runner: runner), admit: { try publisher?.admit() },
                        logger: Logger(label: "cxstore.erasure"))
                ]
            },
            logger: Logger(label: "cxstore.projections"))
        let registry = TenantRegistry(
            root: data, assembly: assembly, opensOnDemand: publisher == nil,
            idleTimeout: tenantIdleTimeout > 0 ? .seconds(tenantIdleTimeout) : nil)
        registry.add(
            try await assembly.open(layout, log: log, gate: publisher, replication: publisher, upstream: publisher.map { [$0] } ?? []))
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

    /// Turns the read replica in this directory into the primary: it catches up with the
    /// stream it followed first, so that its writes continue at the stream's head + 1.
    private func promote(log: EventLog, servers: [String], followedStream: String, logger: Logger) async throws {
        guard followedStream == stream.stream else {
            throw ValidationError("this replica follows stream \(followedStream), not \(stream.stream); promote it with --stream \(followedStream)")
        }
        logger.notice("promoting the read replica: catching up with the stream", metadata: ["replication.stream": "\(followedStream)"])
        let follower = try ReplicaFollower(log: log, servers: servers, stream: followedStream, logger: Logger(label: "cxstore.replication"))
        let head = try await follower.catchUp()
        try FileManager.default.removeItem(atPath: StoreLayout(dataDirectory: data).replicaMarkerFile)
        logger.notice("promoted: this store is the primary", metadata: ["eventlog.head": "\(head)"])
    }
}
