import ArgumentParser
import EventLog
import Hummingbird
import Ingest
import Logging
import Metrics
import Projections
import Prometheus
import QueryAPI
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
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one; the chosen port is logged).")
    var port: Int = 8080

    @Option(help: ArgumentHelp("The largest request body accepted, in bytes.", valueName: "bytes"))
    var maxBodySize: Int = 1 << 20

    @Flag(
        help: """
            Acknowledge appends before they are synced (the log is synced every 100 ms). \
            Survives a crash of this process, but a power cut or kernel panic may lose the \
            last 100 ms of acknowledged events.
            """)
    var relaxedDurability = false

    @Option(help: ArgumentHelp("Rows one POST /v1/sql query may return at most.", valueName: "rows"))
    var sqlMaxRows: Int = 100_000

    @Option(help: ArgumentHelp("Seconds one POST /v1/sql query may run.", valueName: "seconds"))
    var sqlTimeout: Int = 10

    @Option(help: ArgumentHelp("Requests per second each credential may make, unless it has its own rate (default: unlimited).", valueName: "n"))
    var rateLimit: Double?

    @Option(help: ArgumentHelp("Requests a credential may make at once under --rate-limit (default: one second's worth).", valueName: "n"))
    var rateBurst: Int?

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel: String = "info"

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Log lines as text, or as one JSON object per line.")
    var logFormat: LogFormat = .text

    func validate() throws {
        if let rateLimit, !(rateLimit > 0 && rateLimit.isFinite) { throw ValidationError("--rate-limit must be above 0") }
        if let rateBurst, rateBurst < 1 { throw ValidationError("--rate-burst must be at least 1") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                return JSONLogHandler(label: label, logLevel: level)
            }
        }
        let metricsRegistry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(MetricsBackend.factory(registry: metricsRegistry))
        let logger = Logger(label: "cxstore")
        try refuseOpenNonLoopbackAddress()
        let durability: Durability = relaxedDurability ? .relaxed(flushInterval: .milliseconds(100)) : .durable
        let log = try EventLog(
            directory: store.layout.logDirectory,
            configuration: .init(durability: durability),
            logger: Logger(label: "cxstore.eventlog")
        )
        logger.info(
            "event log open",
            metadata: [
                "eventlog.directory": "\(log.directory)", "eventlog.head": "\(log.head)",
                "eventlog.durability": "\(relaxedDurability ? "relaxed" : "durable")",
            ]
        )
        let store = try ReadModelStore(layout: self.store.layout, logger: Logger(label: "cxstore.projections"))
        let runner = try await ProjectionRunner(log: log, store: store, logger: Logger(label: "cxstore.projections"))
        let ingestor = Ingestor(log: log, afterAppend: runner.decoded.keep)
        let application = StoreApplication.build(
            layout: self.store.layout,
            ingestor: ingestor,
            runner: runner,
            configuration: .init(
                host: host, port: port, maximumBodySize: maxBodySize,
                sqlLimits: .init(maximumRows: sqlMaxRows, timeout: .seconds(sqlTimeout)),
                defaultRateLimit: rateLimit.map { RateLimit(requestsPerSecond: $0, burst: rateBurst) },
                metricsRegistry: metricsRegistry),
            logger: Logger(label: "cxstore.http")
        ) { channel in
            let address = channel.localAddress.map { "\($0)" } ?? "?"
            logger.notice("listening", metadata: ["http.address": "\(address)", "http.port": "\(channel.localAddress?.port ?? 0)"])
        }
        let group = ServiceGroup(
            configuration: .init(services: [runner, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        await log.close()
        logger.notice("stopped; every acknowledged append is committed", metadata: ["eventlog.head": "\(log.head)"])
    }

    /// An open store (no credentials) listens on loopback only.
    private func refuseOpenNonLoopbackAddress() throws {
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard !loopback, try CredentialFile(path: store.layout.credentialsFile).load().isEmpty else { return }
        throw ValidationError(
            """
            refusing to listen on \(host) without credentials: anyone who reaches it could read and write the store. \
            Create one first (cxstore credentials add --data \(store.data) --account NAME --scopes ingest,read) or listen on 127.0.0.1.
            """)
    }
}
