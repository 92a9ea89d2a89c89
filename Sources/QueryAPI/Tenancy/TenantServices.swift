public import EventLog
import Hummingbird
public import Ingest
public import Projections
import ServiceLifecycle
import Synchronization

/// One tenant's open store: its log, its read models and their runner, its write path, the
/// routes over them, and the services that keep them running.
public final class TenantServices: Sendable {
    /// Where the tenant's files are.
    public let layout: StoreLayout
    /// The tenant's log.
    public let log: EventLog
    /// The projector keeping the tenant's read models.
    public let runner: ProjectionRunner
    let responder: RouterResponder<StoreRequestContext>
    /// The tenant's rate and storage quota.
    let limits: WatchedFile<TenantLimits>
    /// The tenant's live streams.
    let streams: StreamAdmission
    private let group: ServiceGroup
    /// Requests and response bodies in flight.
    private let leases = Atomic(0)
    private let closed = Mutex<(done: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    init(
        layout: StoreLayout, log: EventLog, runner: ProjectionRunner, responder: RouterResponder<StoreRequestContext>,
        limits: WatchedFile<TenantLimits>, streams: StreamAdmission, group: ServiceGroup
    ) {
        self.layout = layout
        self.log = log
        self.runner = runner
        self.limits = limits
        self.responder = responder
        self.streams = streams
        self.group = group
    }

    /// Counts a request (or response body) in flight until ``release()``.
    func retain() {
        leases.add(1, ordering: .relaxed)
    }

    /// Ends what ``retain()`` counted.
    func release() {
        leases.subtract(1, ordering: .relaxed)
    }

    /// Whether nothing uses the tenant now: no request, response body or stream in flight.
    var isUnused: Bool {
        leases.load(ordering: .relaxed) == 0 && streams.openStreams == 0
    }

    /// Runs the tenant's services until ``stop()``, then closes its log, so that every
    /// append in flight is committed first.
    func run() async throws {
        defer { markClosed() }
        do {
            try await group.run()
        } catch {
            await log.close()
            throw error
        }
        await log.close()
    }

    /// Returns once ``run()`` has closed the log.
    func waitUntilClosed() async {
        await withCheckedContinuation { continuation in
            let done = closed.withLock { closed in
                if !closed.done { closed.waiting.append(continuation) }
                return closed.done
            }
            if done { continuation.resume() }
        }
    }

    private func markClosed() {
        let waiting = closed.withLock { closed in
            closed.done = true
            defer { closed.waiting = [] }
            return closed.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Stops the tenant's services (the last one first); ``run()`` then closes the log.
    func stop() async {
        await group.triggerGracefulShutdown()
    }
}
