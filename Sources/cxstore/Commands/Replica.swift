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

/// `cxstore replica`: a read replica of one or more tenants, each following its primary's stream.
struct Replica: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run a read replica: follow the JetStream streams of chosen tenants into this store's own logs and read models, and serve every read.",
        discussion: """
            Each tenant given with --tenant (default: default) follows its own stream (STREAM \
            for default, STREAM_NAME for tenant NAME) into its own directory; a tenant other \
            than default must have been added first (`cxstore tenants add`). A replica's log \
            gets the primary's records at the same positions with the same bytes (`cxstore \
            verify` passes on it); its projections are built from its own log. Every read \
            route, the live streams, the events feed and SQL answer as on the primary, under \
            the same credential rules; ingest routes answer 503. A stream that is not a log \
            this store can follow (other subjects, a gap, a record that does not decode) stops \
            the replica with an error before anything wrong is written.

            Promote (or move a tenant here) by stopping the replica and starting `cxstore \
            serve --replicate URLS` on its directory: it catches up, writes a promotion record \
            through the stream, which fences the old primary for those tenants only, then \
            takes writes.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The store's data directory.", valueName: "dir"))
    var data: String = "./data"

    @Option(name: .customLong("tenant"), help: ArgumentHelp("A tenant to follow; repeat it for several.", valueName: "name"))
    var tenants: [String] = [TenantName.default.rawValue]

    @OptionGroup var service: ServiceOptions

    @Option(help: ArgumentHelp("The NATS servers holding the primary's streams.", valueName: "nats://host:port,..."))
    var from: String

    @OptionGroup var stream: StreamOptions

    func validate() throws {
        _ = try natsServers(from)
        guard Set(tenants).count == tenants.count else { throw ValidationError("each --tenant once") }
        for tenant in tenants {
            do {
                _ = try StoreTenants(root: data).existing(try TenantName.parse(tenant))
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    func run() async throws {
        let metricsRegistry = service.bootstrap()
        let logger = Logger(label: "cxstore")
        let store = StoreTenants(root: data)
        let layouts = tenants.compactMap(TenantName.init).map(store.layout(of:))
        try service.refuseOpenNonLoopbackAddress(layouts: layouts)
        for layout in layouts { try claimDirectory(layout) }
        let assembly = TenantAssembly(http: service.configuration(metricsRegistry: metricsRegistry), logger: Logger(label: "cxstore.projections"))
        let registry = TenantRegistry(root: data, assembly: assembly, opensOnDemand: false)
        for layout in layouts {
            let streamName = stream.name(of: layout.tenant)
            let log = try EventLog(
                directory: layout.logDirectory, configuration: .init(metricDimensions: TenantAssembly.metricDimensions(of: layout.tenant)),
                logger: Logger(label: "cxstore.eventlog"))
            var replicationLogger = Logger(label: "cxstore.replication")
            replicationLogger[metadataKey: "tenant"] = "\(layout.tenant)"
            let follower = try ReplicaFollower(log: log, servers: try natsServers(from), stream: streamName, logger: replicationLogger)
            let replication = TenantReplication(gate: ReplicaWriteRefusal(stream: streamName), status: follower, upstream: [follower])
            registry.add(try await assembly.open(layout, log: log, replication: replication, pacing: false))
        }
        let application = service.application(registry: registry, metricsRegistry: metricsRegistry, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [registry, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // The registry closes each log once its follower and projections have stopped.
        try await group.run()
        logger.notice("stopped", metadata: ["tenants": "\(tenants.joined(separator: ","))"])
    }

    /// Marks the tenant's directory as a replica of its stream; a primary's store (a log
    /// without the mark) or a replica of another stream is refused.
    private func claimDirectory(_ layout: StoreLayout) throws {
        let streamName = stream.name(of: layout.tenant)
        let fileManager = FileManager.default
        if let followed = try? String(contentsOfFile: layout.replicaMarkerFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
            guard followed == streamName else {
                throw ValidationError("tenant \(layout.tenant) in \(layout.dataDirectory) is a replica of stream \(followed), not \(streamName)")
            }
            return
        }
        if fileManager.fileExists(atPath: layout.logDataFile) {
            throw ValidationError(
                "tenant \(layout.tenant) in \(layout.dataDirectory) holds a primary's store; a replica starts in a new directory (or a replica's), then fills it from the stream"
            )
        }
        try fileManager.createDirectory(atPath: layout.dataDirectory, withIntermediateDirectories: true)
        try Data((streamName + "\n").utf8).write(to: URL(fileURLWithPath: layout.replicaMarkerFile))
    }
}
