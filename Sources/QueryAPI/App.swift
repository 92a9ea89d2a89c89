public import EventLog
public import Hummingbird
public import Ingest
public import Logging
public import NIOCore
public import Projections
public import Prometheus
public import Replication

/// The HTTP application of the store.
public enum StoreApplication {
    /// Server options.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host: String
        /// The port (0 picks a free one).
        public var port: Int
        /// The largest request body accepted (413 above it).
        public var maximumBodySize: Int
        /// The most header fields a request may carry (431 above it).
        public var maximumHeaderCount: Int
        /// How long a read with `minPosition` waits for the projections.
        public var readYourWritesTimeout: Duration
        /// How long a connection may stay idle between requests before it is closed.
        public var idleTimeout: Duration
        /// Bounds of one `POST /v1/sql` query (rows, time).
        public var sqlLimits: SQLRunner.Limits
        /// `POST /v1/sql` queries allowed at once (503 beyond).
        public var sqlConcurrency: Int
        /// The rate limit of each credential that has none of its own; `nil` for none.
        public var defaultRateLimit: RateLimit?
        /// How often live streams send a heartbeat comment.
        public var heartbeatInterval: Duration
        /// The live streams each tenant, and each credential, may hold open at once.
        public var streamLimits: StreamLimits
        /// What `POST /webhooks/8x8/voice` answers 8x8 with: where an IVR backend plugs in.
        public var voiceCallflowResponder: any VoiceCallflowResponder
        /// The registry served at `/metrics`: the one `MetricsSystem` was bootstrapped with
        /// (see ``MetricsBackend``), or a registry of its own for the scrape-time gauges.
        public var metricsRegistry: PrometheusCollectorRegistry

        /// Whether the server listens on loopback only: only then is a tenant without
        /// credentials open.
        public var listensOnLoopbackOnly: Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }

        /// Creates a configuration; the defaults listen on loopback.
        public init(
            host: String = "127.0.0.1", port: Int = 8080, maximumBodySize: Int = 1 << 20, maximumHeaderCount: Int = 100,
            readYourWritesTimeout: Duration = .seconds(5), idleTimeout: Duration = .seconds(120),
            sqlLimits: SQLRunner.Limits = SQLRunner.Limits(maximumRows: 100_000), sqlConcurrency: Int = 2,
            defaultRateLimit: RateLimit? = nil, heartbeatInterval: Duration = .seconds(15), streamLimits: StreamLimits = StreamLimits(),
            voiceCallflowResponder: any VoiceCallflowResponder = EmptyCallflowResponder(),
            metricsRegistry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
        ) {
            self.host = host
            self.port = port
            self.maximumBodySize = maximumBodySize
            self.maximumHeaderCount = maximumHeaderCount
            self.readYourWritesTimeout = readYourWritesTimeout
            self.idleTimeout = idleTimeout
            self.sqlLimits = sqlLimits
            self.sqlConcurrency = sqlConcurrency
            self.defaultRateLimit = defaultRateLimit
            self.heartbeatInterval = heartbeatInterval
            self.streamLimits = streamLimits
            self.voiceCallflowResponder = voiceCallflowResponder
            self.metricsRegistry = metricsRegistry
        }
    }

    /// Builds the application over `registry`'s tenants: each request goes to the tenant its
    /// credential (or, with none, its `Host` or `CX-Tenant`) names (``TenantRouter``). Run the
    /// registry and the application as services, the registry first, so that the
    /// application stops (draining in-flight appends) before the tenants close.
    public static func build(
        registry: TenantRegistry,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "cxstore.http"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            responder: TenantRouter(registry: registry, letsOpenTenantsIn: configuration.listensOnLoopbackOnly),
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeout.components.seconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cxstore", backlog: 1024),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }

    /// The routes of one tenant's store at `layout`: its write path (`ingestor`, over the open
    /// log) and the runner that keeps its read models. Each route declares the access it
    /// requires where it is registered (``ScopedRouter``).
    ///
    /// - Throws: ``UndeclaredRouteAccess`` for a route added without one: the server does not
    ///   start rather than serve it unguarded.
    static func responder(
        layout: StoreLayout,
        ingestor: Ingestor,
        runner: ProjectionRunner,
        configuration: Configuration,
        replication: (any ReplicationStatusSource)?,
        streams: StreamAdmission
    ) throws -> RouterResponder<StoreRequestContext> {
        let router = Router(context: StoreRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: HeaderLimitMiddleware(maximumCount: configuration.maximumHeaderCount))
        // A file that cannot be read counts as no secrets: the platforms' routes then take
        // deliveries only under the tenant's credentials.
        let webhookSecrets = WatchedFile(path: layout.webhookSecretsFile) { _ in (try? WebhookSecrets.load(layout)) ?? WebhookSecrets() }
        let routes = ScopedRouter(
            router, defaultRateLimit: configuration.defaultRateLimit, webhookSecrets: webhookSecrets,
            maximumWebhookBodySize: configuration.maximumBodySize * 16)
        let log = ingestor.log
        let reads = ReadContext(
            runner: runner, readYourWritesTimeout: configuration.readYourWritesTimeout, followsAPrimary: replication?.status.role == .replica)
        IngestRoutes(ingestor: ingestor, maximumBodySize: configuration.maximumBodySize).register(on: routes)
        VoiceWebhookRoutes(
            webhooks: VoiceWebhookIngest(ingestor: ingestor, sessions: ReadModelVoiceSessions(reads: reads)),
            responder: configuration.voiceCallflowResponder, maximumBodySize: configuration.maximumBodySize
        )
        .register(on: routes)
        CCAIWebhookRoutes(ingestor: ingestor, maximumBodySize: configuration.maximumBodySize * 16).register(on: routes)
        PlatformWebhookRoutes(ingestor: ingestor, maximumBodySize: configuration.maximumBodySize * 16).register(on: routes)
        EventRoutes(log: log).register(on: routes)
        EventStreamRoutes(
            log: log, broadcaster: LogBroadcaster.make(log: log, heartbeatInterval: configuration.heartbeatInterval), admission: streams
        )
        .register(on: routes)
        HealthRoutes(log: log, runner: runner, replication: replication, webhookSecrets: webhookSecrets).register(on: routes)
        HistoryRoutes(reads: reads).register(on: routes)
        ExportRoutes(reads: reads).register(on: routes)
        SearchRoutes(reads: reads).register(on: routes)
        CallRoutes(reads: reads).register(on: routes)
        ActivityStreamRoutes(
            runner: runner, broadcaster: ActivityBroadcaster.make(runner: runner, heartbeatInterval: configuration.heartbeatInterval),
            admission: streams
        )
        .register(on: routes)
        LegacyHistoryRoutes(reads: reads).register(on: routes)
        ErasureRoutes(eraser: CustomerEraser(runner: runner), reads: reads, gate: ingestor.gate).register(on: routes)
        SQLRoutes(layout: layout, limits: configuration.sqlLimits, gate: QueryGate(capacity: configuration.sqlConcurrency))
            .register(on: routes)
        MetricsRoutes(
            registry: configuration.metricsRegistry, log: log, runner: runner, replication: replication, streams: streams, tenant: layout.tenant
        ).register(
            on: routes)
        OpenAPIRoutes().register(on: routes)
        DeskRoutes().register(on: routes)
        try routes.checkEveryRouteDeclaresItsAccess()
        return router.buildResponder()
    }
}
