import Metrics

/// What the writer reports to swift-metrics after each batch: events appended, duplicates and
/// conflicts, the batch size, and how long the batch took to commit (with its sync, when
/// durable). With no metrics backend bootstrapped these cost nothing.
public struct LogMetrics: Sendable {
    /// The label of the batch-size recorder, so a backend can give it its own buckets.
    public static let batchSizeLabel = "cxstore_log_batch_size"
    /// The label of the commit timer, so a backend can give it its own buckets.
    public static let commitDurationLabel = "cxstore_log_commit_duration_seconds"

    private let appended: Counter
    private let duplicates: Counter
    private let conflicts: Counter
    private let failedBatches: Counter
    private let mapGrowths: Counter
    private let batchSize: Recorder
    private let commitDuration: Timer

    /// The metrics of one log, each with `dimensions` (the tenant whose log it is).
    init(dimensions: [(String, String)]) {
        appended = Counter(label: "cxstore_log_appended_events_total", dimensions: dimensions)
        duplicates = Counter(label: "cxstore_log_duplicate_events_total", dimensions: dimensions)
        conflicts = Counter(label: "cxstore_log_conflicting_events_total", dimensions: dimensions)
        failedBatches = Counter(label: "cxstore_log_failed_batches_total", dimensions: dimensions)
        mapGrowths = Counter(label: "cxstore_log_map_growths_total", dimensions: dimensions)
        batchSize = Recorder(label: Self.batchSizeLabel, dimensions: dimensions, aggregate: true)
        commitDuration = Timer(label: Self.commitDurationLabel, dimensions: dimensions, preferredDisplayUnit: .seconds)
    }

    func recordCommit(appended: UInt64, duplicates: UInt64, conflicts: UInt64, growths: Int, duration: Duration) {
        self.appended.increment(by: Int64(appended))
        self.duplicates.increment(by: Int64(duplicates))
        self.conflicts.increment(by: Int64(conflicts))
        if growths > 0 { mapGrowths.increment(by: Int64(growths)) }
        batchSize.record(Int64(appended + duplicates + conflicts))
        commitDuration.recordNanoseconds(duration.inNanoseconds)
    }

    func recordFailure() {
        failedBatches.increment()
    }
}
