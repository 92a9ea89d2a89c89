public import EventLog
import GRDB
public import Logging
public import ServiceLifecycle

/// Tails the log into the read models: reads batches after the lowest checkpoint (the next
/// one read and decoded while the current one is written), applies each batch with its
/// checkpoints in one transaction, and publishes the applied position
/// for read-your-writes. When a projection's version changed, it first rebuilds a new
/// generation from position 1 while reads keep answering from the old one, then swaps.
public final class ProjectionRunner: Service, Sendable {
    /// The log tailed.
    public let log: EventLog
    /// The read models written.
    public let store: ReadModelStore
    /// The position every projection has applied; readers wait on it.
    public let applied: PositionNotifier
    /// Messages the ingest path decoded, so that the runner need not decode them again.
    public let decoded = DecodedMessages()
    private let applier: ProjectionApplier
    private let batchSize: Int
    private let logger: Logger

    /// Creates a runner; `applied` starts at the store's lowest checkpoint. A batch is what
    /// the log holds past the checkpoint, up to `batchSize` events. Batches of 5,000 applied
    /// ~1.2× faster under the batch route's load but took ~30 % of that route's acknowledged
    /// rate and 20–40 MB more memory (BENCHMARKS.md, issue 14): ingest keeps the CPU.
    public init(
        log: EventLog,
        store: ReadModelStore,
        projections: [any Projection] = StoreProjections.all,
        batchSize: Int = 1000,
        logger: Logger = Logger(label: "cxstore.projections")
    ) async throws {
        self.log = log
        self.store = store
        self.applier = ProjectionApplier(projections: projections)
        self.batchSize = batchSize
        self.logger = logger
        let checkpoints = try await store.checkpoints()
        self.applied = PositionNotifier(position: applier.start(in: checkpoints))
    }

    /// Runs until cancelled or a graceful shutdown. A failure to apply a batch is logged
    /// and retried after a pause: ingest keeps working, reads keep answering (and report the
    /// applied position they lag at), and the projections resume from their checkpoints.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.tail()
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error(
                        "projection failed; retrying from the checkpoint",
                        metadata: ["projection.error": "\(error)", "projection.applied": "\(self.applied.position)"]
                    )
                    try? await Task.sleep(for: .seconds(2))
                }
            }
        }
        applied.close()
    }

    private func tail() async throws {
        let outdated = applier.outdated(in: try await store.checkpoints())
        if !outdated.isEmpty {
            logger.notice("projection versions changed; rebuilding in the background", metadata: ["projection.names": "\(outdated)"])
            var logged = ContinuousClock.now
            let result = try await Rebuilder(log: log, layout: store.layout, projections: applier.projections, logger: logger).rebuild { step in
                guard ContinuousClock.now - logged >= Self.rebuildProgressInterval else { return }
                logged = ContinuousClock.now
                logger.notice(
                    "rebuilding the read models",
                    metadata: [
                        "projection.applied": "\(step.applied)", "projection.target": "\(step.target)",
                        "projection.rate": "\(Int(step.rate)) events/s", "projection.eta": "\(Int(step.secondsLeft.rounded())) s",
                    ])
            }
            try store.followSwap()
            logger.notice(
                "rebuild swapped in", metadata: ["projection.generation": "\(result.generation)", "eventlog.position": "\(result.position)"])
        }
        var position = applier.start(in: try await store.checkpoints())
        applied.publish(position)
        // A crash may have come between an erasure's rows and the WAL's truncation.
        await truncateWriteAheadLog()
        let (log, applier, batchSize, decoded) = (self.log, self.applier, self.batchSize, self.decoded)
        var prefetched: Task<[ProjectedEvent], any Error>?
        do {
            while !Task.isCancelled {
                if try store.followSwap() {
                    position = applier.start(in: try await store.checkpoints())
                    applied.publish(position)
                    await ProjectionApplier.settle(prefetched)
                    prefetched = nil
                }
                let events = try await prefetched?.value ?? applier.batch(after: position, from: log, limit: batchSize, decoded: decoded)
                prefetched = nil
                guard let last = events.last?.recorded.position else {
                    await waitForAppends(beyond: position)
                    continue
                }
                prefetched = Task { try applier.batch(after: last, from: log, limit: batchSize, decoded: decoded) }
                try await store.pool.write { db in try applier.apply(events, in: db) }
                if events.contains(where: { $0.recorded.type == CustomerErasure.eventType && !$0.recorded.isRedacted }) {
                    await truncateWriteAheadLog()
                }
                decoded.discard(through: last)
                position = last
                applied.publish(position)
            }
        } catch {
            await ProjectionApplier.settle(prefetched)
            throw error
        }
        await ProjectionApplier.settle(prefetched)
    }

    /// How often a rebuild in the background logs its progress.
    static let rebuildProgressInterval = Duration.seconds(2)

    /// Sleeps until the log moves past `position`, or a second passes (to notice a swap
    /// made by `cxstore rebuild`, or appends by another process).
    private func waitForAppends(beyond position: LogPosition) async {
        _ = await value(within: .seconds(1)) { await self.log.waitForHead(beyond: position) }
    }

    /// Checkpoints the read models' WAL into the database file and truncates it to zero
    /// bytes, so that no frame of a page written before an erasure stays on disk. A reader
    /// holding an old snapshot keeps it from completing: it is retried, in the background
    /// after the first attempt, for up to 80 s.
    public func truncateWriteAheadLog() async {
        if (try? await store.pool.writeWithoutTransaction({ db in try db.checkpoint(.truncate) })) != nil { return }
        let (store, logger) = (self.store, self.logger)
        Task.detached {
            let deadline = ContinuousClock.now + .seconds(80)
            while ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(250))
                if (try? await store.pool.writeWithoutTransaction({ db in try db.checkpoint(.truncate) })) != nil { return }
            }
            logger.error("the read models' WAL could not be truncated after an erasure: a reader holds an old snapshot")
        }
    }

    /// Waits (at most `timeout`) until every projection has applied `position`; `false`
    /// when it did not, including when the runner stops first.
    public func waitUntilApplied(_ position: LogPosition, timeout: Duration) async -> Bool {
        if applied.position >= position { return true }
        let reached = await value(within: timeout) { await self.applied.wait(beyond: LogPosition(position.rawValue - 1)) }
        return (reached ?? .start) >= position
    }
}
