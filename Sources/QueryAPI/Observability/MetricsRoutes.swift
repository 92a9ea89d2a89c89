import EventLog
import HTTPTypes
import Hummingbird
import NIOCore
import Projections
import Prometheus

/// `GET /metrics`: every metric of `registry` in the Prometheus text format, with the log
/// head, the applied position and the projection lag measured at the scrape.
struct MetricsRoutes<Context: RequestContext>: Sendable {
    let registry: PrometheusCollectorRegistry
    let log: EventLog
    let runner: ProjectionRunner

    func register(on router: Router<Context>) {
        let head = registry.makeGauge(
            descriptor: .init(namespace: "cxstore", metricName: "log", unitName: "head", helpText: "The position of the last event in the log."))
        let applied = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "projections_applied", unitName: "position",
                helpText: "The last log position the read models applied."))
        let lag = registry.makeGauge(
            descriptor: .init(
                namespace: "cxstore", metricName: "projection_lag", unitName: "events", helpText: "Logged events the read models have yet to apply."))
        router.get("/metrics") { _, _ in
            let appliedPosition = runner.applied.position.rawValue
            let headPosition = max(log.head.rawValue, appliedPosition)
            head.set(Double(headPosition))
            applied.set(Double(appliedPosition))
            lag.set(Double(headPosition - appliedPosition))
            var text: [UInt8] = []
            registry.emit(into: &text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
