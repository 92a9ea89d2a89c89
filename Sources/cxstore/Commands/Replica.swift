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

/// `cxstore replica`: a read replica that follows a primary's stream.
struct Replica: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a read replica: follow a primary's JetStream stream into this store's own log and read models, and serve every read.",
        discussion: """
            The replica's log gets the primary's records at the same positions with the same \
            bytes (`cxstore verify` passes on it); its projections are built from its own log. \
            Every read route, the live streams, the events feed and SQL answer as on the \
            primary, under the same credential rules; ingest routes answer 503. A stream that \
            is not a log this store can follow (other subjects, a gap, a record that does not \
            decode) stops the replica with an error before anything wrong is written.

            Promote a replica by stopping it and starting `cxstore serve --replicate URLS` on \
            its directory: it catches up with the stream, then takes writes at its head + 1.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var service: ServiceOptions

    @Option(help: ArgumentHelp("The NATS servers holding the primary's stream.", valueName: "nats://host:port,..."))
    var from: String

    @OptionGroup var stream: StreamOptions

    func validate() throws {
        _ = try natsServers(from)
    }

    func run() async throws {
        let metricsRegistry = service.bootstrap()
        let logger = Logger(label: "cxstore")
        let layout = store.layout
        try service.refuseOpenNonLoopbackAddress(layouts: [layout])
        try claimDirectory(layout)
        let log = try EventLog(
            directory: layout.logDirectory, configuration: .init(metricDimensions: TenantAssembly.metricDimensions(of: layout.tenant)),
            logger: Logger(label: "cxstore.eventlog"))
        let follower = try ReplicaFollower(
            log: log, servers: try natsServers(from), stream: stream.stream, logger: Logger(label: "cxstore.replication"))
        let assembly = TenantAssembly(http: service.configuration(metricsRegistry: metricsRegistry), logger: Logger(label: "cxstore.projections"))
        let registry = TenantRegistry(root: store.data, assembly: assembly, opensOnDemand: false)
        registry.add(
            try await assembly.open(
                layout, log: log, gate: ReplicaWriteRefusal(stream: stream.stream), replication: follower, upstream: [follower], pacing: false))
        let application = service.application(registry: registry, metricsRegistry: metricsRegistry, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [registry, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // The registry closes the log once the follower and the projections have stopped.
        try await group.run()
        logger.notice("stopped", metadata: ["eventlog.head": "\(log.head)"])
    }

    /// Marks the directory as a replica of the stream; a primary's store (a log without the
    /// mark) or a replica of another stream is refused.
    private func claimDirectory(_ layout: StoreLayout) throws {
        let fileManager = FileManager.default
        if let followed = try? String(contentsOfFile: layout.replicaMarkerFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
            guard followed == stream.stream else {
                throw ValidationError("\(layout.dataDirectory) is a replica of stream \(followed), not \(stream.stream)")
            }
            return
        }
        if fileManager.fileExists(atPath: layout.logDataFile) {
            throw ValidationError(
                "\(layout.dataDirectory) holds a primary's store; a replica starts in a new directory (or a replica's), then fills it from the stream"
            )
        }
        try fileManager.createDirectory(atPath: layout.dataDirectory, withIntermediateDirectories: true)
        try Data((stream.stream + "\n").utf8).write(to: URL(fileURLWithPath: layout.replicaMarkerFile))
    }
}
