import EventLog
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import Prometheus
import Replication

/// `GET /metrics`: every metric of `registry` in the Prometheus text format, with the log
/// head, the applied position, the projection lag and the open live streams measured at the
/// scrape, and with replication its lag in events and seconds.
struct MetricsRoutes: Sendable {
    typealias Context = StoreRequestContext

    let registry: PrometheusCollectorRegistry
    let log: EventLog
    let runner: ProjectionRunner
    let replication: (any ReplicationStatusSource)?
    let streams: StreamAdmission
    /// The tenant whose store these are: the label of every gauge, and what its `/metrics`
    /// shows (``TenantMetrics``).
    let tenant: TenantName

    func register(on router: ScopedRouter) {
        let labels = TenantAssembly.metricDimensions(of: tenant)
        let head = registry.makeGauge(
            descriptor: .init(namespace: "cxstore", metricName: "log", unitName: "head", helpText: "The position of the last event in the log."),
            labels: labels)
        let applied = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "projections_applied", unitName: "position",
                helpText: "The last log position the read models applied."), labels: labels)
        let lag = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "projection_lag", unitName: "events", helpText: "Logged events the read models have yet to apply."),
            labels: labels)
        let replicationLag = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "replication_lag", unitName: "events",
                helpText: "Events of the log not yet in the stream (primary), or of the stream not yet in the log (replica)."), labels: labels)
        let replicationLagSeconds = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "replication_lag", unitName: "seconds",
                helpText: "How long the oldest event not yet in the stream has waited (primary)."), labels: labels)
        let openStreams = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "live_streams_open", unitName: "streams",
                helpText: "Live streams (Server-Sent Events) open now."), labels: labels)
        router.get("/metrics", .scope(.admin)) { _, _ in
            openStreams.set(Double(streams.openStreams))
            if let status = replication?.status {
                replicationLag.set(Double(status.lagEvents))
                replicationLagSeconds.set(status.lagSeconds)
            }
            let appliedPosition = runner.applied.position.rawValue
            let headPosition = max(log.head.rawValue, appliedPosition)
            head.set(Double(headPosition))
            applied.set(Double(appliedPosition))
            lag.set(Double(headPosition - appliedPosition))
            var text: [UInt8] = []
            registry.emit(into: &text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: TenantMetrics.visible(to: tenant, in: text))))
        }
    }
}
