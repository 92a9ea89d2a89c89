import ArgumentParser
import EventLog
import Hummingbird
import Ingest
import Logging
import Metrics
import Projections
import Prometheus
import QueryAPI
import Replication

/// The options of every command that serves the HTTP API (`serve`, `replica`).
struct ServiceOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one; the chosen port is logged).")
    var port: Int = 8080

    @Option(help: ArgumentHelp("The largest request body accepted, in bytes.", valueName: "bytes"))
    var maxBodySize: Int = 1 << 20

    @Option(help: ArgumentHelp("Rows one POST /v1/sql query may return at most.", valueName: "rows"))
    var sqlMaxRows: Int = 100_000

    @Option(help: ArgumentHelp("Seconds one POST /v1/sql query may run.", valueName: "seconds"))
    var sqlTimeout: Int = 10

    @Option(help: ArgumentHelp("Requests per second each credential may make, unless it has its own rate (default: unlimited).", valueName: "n"))
    var rateLimit: Double?

    @Option(help: ArgumentHelp("Requests a credential may make at once under --rate-limit (default: one second's worth).", valueName: "n"))
    var rateBurst: Int?

    @Option(help: ArgumentHelp("Live streams (Server-Sent Events) one credential may hold open at once.", valueName: "n"))
    var maxStreamsPerCredential: Int = StreamLimits().perCredential

    @Option(help: ArgumentHelp("Live streams one tenant may hold open at once, all credentials together.", valueName: "n"))
    var maxStreamsPerTenant: Int = StreamLimits().perTenant

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
        guard maxStreamsPerCredential >= 1, maxStreamsPerTenant >= 1 else {
            throw ValidationError("--max-streams-per-credential and --max-streams-per-tenant must be at least 1")
        }
    }

    /// Sets up logging and metrics for the process; returns the registry `/metrics` serves.
    func bootstrap() -> PrometheusCollectorRegistry {
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
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(MetricsBackend.factory(registry: registry))
        return registry
    }

    /// The application's configuration from these options.
    func configuration(metricsRegistry: PrometheusCollectorRegistry) -> StoreApplication.Configuration {
        .init(
            host: host, port: port, maximumBodySize: maxBodySize,
            sqlLimits: .init(maximumRows: sqlMaxRows, timeout: .seconds(sqlTimeout)),
            defaultRateLimit: rateLimit.map { RateLimit(requestsPerSecond: $0, burst: rateBurst) },
            streamLimits: StreamLimits(perCredential: maxStreamsPerCredential, perTenant: maxStreamsPerTenant),
            metricsRegistry: metricsRegistry)
    }

    /// The HTTP application over `registry`'s tenants, which logs its address once it
    /// listens.
    func application(registry: TenantRegistry, metricsRegistry: PrometheusCollectorRegistry, logger: Logger) -> some ApplicationProtocol {
        StoreApplication.build(
            registry: registry,
            configuration: configuration(metricsRegistry: metricsRegistry),
            logger: Logger(label: "cxstore.http")
        ) { channel in
            let address = channel.localAddress.map { "\($0)" } ?? "?"
            logger.notice("listening", metadata: ["http.address": "\(address)", "http.port": "\(channel.localAddress?.port ?? 0)"])
        }
    }

    /// A tenant with no credentials is open: it listens on loopback only.
    func refuseOpenNonLoopbackAddress(layouts: [StoreLayout]) throws {
        guard !StoreApplication.Configuration(host: host).listensOnLoopbackOnly else { return }
        for layout in layouts where try CredentialFile(path: layout.credentialsFile).load().isEmpty {
            throw ValidationError(
                """
                refusing to listen on \(host) with tenant \(layout.tenant) without credentials: anyone who reaches it could read and write it. \
                Create one first (cxstore credentials add --data \(layout.root) --tenant \(layout.tenant) --account NAME --scopes ingest,read) or listen on 127.0.0.1.
                """)
        }
    }
}
