public import EventLog
public import Ingest
public import Logging
public import Projections
public import Replication
public import ServiceLifecycle

/// How a tenant's services are put together: the one assembly of `serve`, `replica` and the
/// test server, for the default tenant they open at start and for every tenant opened on
/// first use.
public struct TenantAssembly: Sendable {
    /// The options of each tenant's log.
    public var logConfiguration: EventLog.Configuration
    /// Writes wait while the read models trail the log by more than this many events
    /// (``ReadModelPacing``); `nil` for no pacing.
    public var projectionLagLimit: Int?
    /// The longest a write waits for the read models.
    public var pacingMaximumWait: Duration
    /// The HTTP options every tenant's routes share.
    public var http: StoreApplication.Configuration
    /// Each tenant's part in replication, made when it opens (`serve --replicate`: its
    /// publisher); `nil` for none.
    public var replication: (@Sendable (StoreLayout, EventLog) async throws -> TenantReplication)?
    /// Services each tenant runs beside its projection runner, stopped before it (`serve`'s
    /// watcher of `cxstore erase` requests), given the gate its writes pass.
    public var companions: @Sendable (StoreLayout, ProjectionRunner, (any AcknowledgementGate)?) -> [any Service]
    /// The logger of the tenants' parts.
    public var logger: Logger

    /// An assembly; the defaults pace writes as `serve` does.
    public init(
        logConfiguration: EventLog.Configuration = .init(),
        projectionLagLimit: Int? = ReadModelPacing.defaultLimit,
        pacingMaximumWait: Duration = .seconds(1),
        http: StoreApplication.Configuration = .init(),
        replication: (@Sendable (StoreLayout, EventLog) async throws -> TenantReplication)? = nil,
        companions: @escaping @Sendable (StoreLayout, ProjectionRunner, (any AcknowledgementGate)?) -> [any Service] = { _, _, _ in [] },
        logger: Logger = Logger(label: "cxstore")
    ) {
        self.logConfiguration = logConfiguration
        self.projectionLagLimit = projectionLagLimit
        self.pacingMaximumWait = pacingMaximumWait
        self.http = http
        self.replication = replication
        self.companions = companions
        self.logger = logger
    }

    /// The dimensions of the metrics of `tenant`'s parts: `tenant="NAME"`.
    public static func metricDimensions(of tenant: TenantName) -> [(String, String)] {
        [("tenant", tenant.rawValue)]
    }

    /// Opens the tenant at `layout`: its log (unless `log` is open already), read models
    /// (migrated, or rebuilt by the runner when their version changed) and write path.
    ///
    /// An open `log` must have been opened with the tenant as its metrics' dimension
    /// (``metricDimensions(of:)``).
    ///
    /// - Parameters:
    ///   - replication: the tenant's part in replication (a replica's follower); by default
    ///     what the assembly's ``replication`` makes, if anything.
    ///   - gate: what every write must pass before its `202`, besides replication (the test
    ///     server's).
    ///   - pacing: whether writes wait for the read models (a replica takes no writes).
    public func open(
        _ layout: StoreLayout, log openLog: EventLog? = nil, replication given: TenantReplication? = nil,
        gate: (any AcknowledgementGate)? = nil, pacing: Bool = true
    ) async throws -> TenantServices {
        var logger = self.logger
        logger[metadataKey: "tenant"] = "\(layout.tenant)"
        var configuration = logConfiguration
        configuration.metricDimensions = Self.metricDimensions(of: layout.tenant)
        let log = try openLog ?? EventLog(directory: layout.logDirectory, configuration: configuration, logger: logger)
        do {
            let runner = try await ProjectionRunner(log: log, store: try ReadModelStore(layout: layout, logger: logger), logger: logger)
            let pacing =
                pacing
                ? projectionLagLimit.map { ReadModelPacing(log: log, applied: runner.applied, limit: $0, maximumWait: pacingMaximumWait) } : nil
            // A limits file that cannot be read counts as no limits.
            let limits = WatchedFile(path: layout.tenantLimitsFile) { _ in (try? TenantLimits.load(layout)) ?? TenantLimits() }
            let quota = StorageQuota(layout: layout, limits: limits)
            var replication = given
            if replication == nil, let make = self.replication { replication = try await make(layout, log) }
            let gates = AcknowledgementGates([quota] + [gate, replication?.gate].compactMap { $0 })
            let ingestor = Ingestor(log: log, afterAppend: runner.decoded.keep, gate: gates, pacing: pacing)
            let streams = StreamAdmission(limits: http.streamLimits)
            let responder = try StoreApplication.responder(
                layout: layout, ingestor: ingestor, runner: runner, configuration: http, replication: replication?.status, streams: streams)
            let group = ServiceGroup(
                configuration: .init(
                    services: (replication?.upstream ?? []) + [runner] + companions(layout, runner, replication?.gate), logger: logger))
            return TenantServices(layout: layout, log: log, runner: runner, responder: responder, limits: limits, streams: streams, group: group)
        } catch {
            if openLog == nil { await log.close() }
            throw error
        }
    }
}
