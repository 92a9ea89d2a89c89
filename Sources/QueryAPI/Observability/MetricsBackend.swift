import EventLog
public import Prometheus

/// The Prometheus backend of the store's swift-metrics, with buckets that fit what is
/// measured: batch sizes from 1 to 4096 events, commit and request durations from 50 µs to
/// 10 s. `serve` bootstraps `MetricsSystem` with it and hands its registry to the
/// application, which serves it at `/metrics`.
public enum MetricsBackend {
    /// A factory writing into `registry`.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        let durations: [Duration] = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
        ]
        factory.defaultDurationHistogramBuckets = durations
        factory.valueHistogramBuckets[LogMetrics.batchSizeLabel] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]
        return factory
    }
}
