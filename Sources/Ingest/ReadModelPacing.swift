public import EventLog
import Metrics
import Synchronization

/// Holds writes back while the read models trail the log by more than `limit` events, so
/// that the live projections never fall far behind the ingest they follow: a read with
/// `minPosition` of an acknowledged write waits at most the time it takes to apply `limit`
/// events, instead of a backlog that grows for as long as a load lasts (BENCHMARKS.md,
/// issue 24: 347,000 events behind after 10 s of the batch route, without pacing).
///
/// A write waits before it is appended, so nothing of it is written while it waits. It goes
/// once the events logged and not yet applied, the writes admitted and not yet appended, and
/// its own events come to at most `limit`; a write larger than `limit` goes once nothing is
/// outstanding. Ingest never depends on the read models: a write waits at most
/// `maximumWait`, and when the read models made no progress at all in that time (a failing
/// projection retrying, a rebuild of a new generation), writes go unpaced until they move
/// again.
public final class ReadModelPacing: Sendable {
    /// The limit `cxstore serve` paces by unless told otherwise: a few batches of the runner,
    /// applied in well under a second on this project's 2-core reference machine.
    public static let defaultLimit = 8_000

    /// The most events the read models may trail the log by before writes wait.
    public let limit: Int
    /// The longest a write waits for the read models.
    public let maximumWait: Duration
    private let log: EventLog
    private let applied: PositionNotifier

    /// What the pacing did since it started.
    public struct Totals: Sendable {
        /// Writes that waited for the read models.
        public var waited = 0
        /// Writes that went past the limit: their wait ran out, or the read models were
        /// making no progress.
        public var unpaced = 0
    }

    private struct State {
        var totals = Totals()
        /// Events of writes admitted and not yet appended.
        var admitted = 0
        /// Events of writes waiting to be admitted.
        var queued = 0
        /// The applied position at which the read models were seen making no progress for
        /// `maximumWait`: writes go unpaced until it moves.
        var stalledAt: LogPosition?
    }

    private let state = Mutex(State())
    private let waits: Timer
    private let unpacedWrites: Counter

    /// Paces writes to `log` by the position the read models have `applied`; its metrics
    /// carry `log`'s dimensions (its tenant).
    public init(log: EventLog, applied: PositionNotifier, limit: Int, maximumWait: Duration = .seconds(1)) {
        precondition(limit > 0, "a pacing limit is a positive number of events")
        let dimensions = log.configuration.metricDimensions
        waits = Timer(label: "cxstore_ingest_pacing_wait_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        unpacedWrites = Counter(label: "cxstore_ingest_unpaced_writes_total", dimensions: dimensions)
        self.log = log
        self.applied = applied
        self.limit = limit
        self.maximumWait = maximumWait
    }

    /// Runs `append` (a write of `count` events) once the read models are close enough
    /// behind, counting its events as outstanding until it returns.
    public func paced<Value>(_ count: Int, _ append: () async throws -> Value) async rethrows -> Value {
        await admit(count)
        defer { state.withLock { $0.admitted -= count } }
        return try await append()
    }

    /// What the pacing did so far (also reported to swift-metrics: each wait in
    /// `cxstore_ingest_pacing_wait_seconds`, the writes past the limit in
    /// `cxstore_ingest_unpaced_writes_total`).
    public var totals: Totals {
        state.withLock { $0.totals }
    }

    /// Events logged and not yet applied, plus those of writes admitted or waiting.
    public var outstanding: Int {
        state.withLock { outstanding(in: $0) }
    }

    private func outstanding(in state: State) -> Int {
        let (head, applied) = (log.committedHead.rawValue, applied.position.rawValue)
        return Int(head - min(head, applied)) + state.admitted + state.queued
    }

    /// Lets a write of `count` events go at once when they fit under the limit (or nothing is
    /// outstanding). Otherwise the write takes its place after every write already waiting:
    /// it goes once the read models have applied enough that the events ahead of it and its
    /// own fit, so writes go in the order they came.
    private func admit(_ count: Int) async {
        let appliedAtStart = applied.position
        let target: LogPosition? = state.withLock { state in
            let outstanding = outstanding(in: state)
            let fits = outstanding == 0 || outstanding + count <= limit
            if let stalledAt = state.stalledAt {
                if applied.position == stalledAt {
                    state.admitted += count
                    if !fits { countPastTheLimit(in: &state) }
                    return nil
                }
                state.stalledAt = nil
            }
            guard !fits else {
                state.admitted += count
                return nil
            }
            state.queued += count
            return LogPosition(applied.position.rawValue + UInt64(outstanding + count - limit))
        }
        guard let target else { return }
        let started = ContinuousClock.now
        let reached = await value(within: maximumWait) { [applied] in await applied.wait(beyond: LogPosition(target.rawValue - 1)) }
        waits.recordNanoseconds((ContinuousClock.now - started).inNanoseconds)
        state.withLock { state in
            state.queued -= count
            state.admitted += count
            state.totals.waited += 1
            guard reached == nil else { return }
            countPastTheLimit(in: &state)
            if applied.position == appliedAtStart { state.stalledAt = appliedAtStart }
        }
    }

    private func countPastTheLimit(in state: inout State) {
        state.totals.unpaced += 1
        unpacedWrites.increment()
    }
}
