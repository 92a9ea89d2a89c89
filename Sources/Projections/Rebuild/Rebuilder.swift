public import EventLog
import Foundation
import GRDB
public import Logging

/// Rebuilds every projection from position 1 into a new generation file and swaps it in
/// with one atomic rename of the `projections.sqlite` link. Readers keep the old file until
/// they follow the link again; nothing is ever half-swapped.
///
/// Fast by construction: large transactions on one connection with no journal and no
/// syncs while loading (the file is not in use until the swap, is deleted if the rebuild
/// fails, and is synced before the swap), the secondary indexes of the timeline built after
/// the bulk load, and the next batch read and decoded while the current one is written. Memory does not grow with the log: events are read and applied
/// a batch at a time.
public struct Rebuilder: Sendable {
    /// Progress of a rebuild, reported after each batch.
    public struct Progress: Sendable {
        /// Events applied so far.
        public let applied: UInt64
        /// The log head the rebuild is catching up with.
        public let target: UInt64
        /// Time since the start.
        public let elapsed: Duration

        /// Events applied a second so far.
        public var rate: Double {
            elapsed > .zero ? Double(applied) / elapsed.inSeconds : 0
        }

        /// Seconds until the target at that rate.
        public var secondsLeft: Double {
            rate > 0 ? Double(target - min(applied, target)) / rate : 0
        }
    }

    /// The outcome of a rebuild.
    public struct Result: Sendable {
        /// The generation swapped in.
        public let generation: Int
        /// The position it was built up to.
        public let position: LogPosition
        /// Events applied.
        public let events: UInt64
        /// Wall time.
        public let elapsed: Duration
    }

    let log: EventLog
    let layout: StoreLayout
    let projections: [any Projection]
    let batchSize: Int
    let logger: Logger

    /// Creates a rebuilder.
    public init(
        log: EventLog,
        layout: StoreLayout,
        projections: [any Projection] = StoreProjections.all,
        batchSize: Int = 5000,
        logger: Logger = Logger(label: "cxstore.rebuild")
    ) {
        self.log = log
        self.layout = layout
        self.projections = projections
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Indexes only the read API uses, built after the bulk load (a sorted build is much
    /// cheaper than a million random inserts). The indexes by customer stay: moving a derived
    /// customer's history to an explicit id updates rows by customer.
    private static let deferredIndexes = [
        "activities_by_conversation": "CREATE INDEX activities_by_conversation ON activities (conversation_id, occurred_at, position)",
        "activities_by_channel_session": "CREATE INDEX activities_by_channel_session ON activities (channel_session_id, occurred_at, position)",
        "ivr_journeys_by_identity": "CREATE INDEX ivr_journeys_by_identity ON ivr_journeys (channel_customer_identifier, started_at)",
    ]

    /// Builds the next generation up to the log head (including events appended while it
    /// runs), swaps it in, and returns what it did. A rebuild that fails leaves the current
    /// generation in place and deletes its own file.
    public func rebuild(progress: (Progress) -> Void = { _ in }) async throws -> Result {
        try FileManager.default.createDirectory(atPath: layout.projectionsDirectory, withIntermediateDirectories: true)
        let generation = ReadModelStore.nextGeneration(layout)
        let path = layout.projectionsFile(generation: generation)
        let started = ContinuousClock.now
        let (position, applied): (LogPosition, UInt64)
        do {
            (position, applied) = try await build(into: path, started: started, progress: progress)
        } catch {
            ReadModelStore.removeFiles(of: path)
            throw error
        }
        try ReadModelStore.point(layout, at: generation)
        let elapsed = ContinuousClock.now - started
        logger.info("rebuild finished", metadata: ["projection.generation": "\(generation)", "projection.events": "\(applied)"])
        return Result(generation: generation, position: position, events: applied, elapsed: elapsed)
    }

    private func build(into path: String, started: ContinuousClock.Instant, progress: (Progress) -> Void) async throws -> (LogPosition, UInt64) {
        let queue = try ReadModelStore.openForBulkLoad(path: path)
        try await queue.write { db in
            for name in Self.deferredIndexes.keys { try db.execute(sql: "DROP INDEX IF EXISTS \(name)") }
        }
        let applier = ProjectionApplier(projections: projections)
        let (log, batchSize) = (self.log, self.batchSize)
        var position = LogPosition.start
        var applied: UInt64 = 0
        var next = Task { try applier.batch(after: .start, from: log, limit: batchSize) }
        do {
            while true {
                let events = try await next.value
                guard let last = events.last?.recorded.position else { break }
                next = Task { try applier.batch(after: last, from: log, limit: batchSize) }
                try await queue.write { db in try applier.apply(events, in: db) }
                position = last
                applied += UInt64(events.count)
                progress(Progress(applied: applied, target: max(log.head.rawValue, applied), elapsed: ContinuousClock.now - started))
            }
        } catch {
            await ProjectionApplier.settle(next)
            throw error
        }
        try await queue.write { db in
            for (_, statement) in Self.deferredIndexes.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: statement)
            }
            // Statistics from a sample of each index: the plans need the shape, not exact counts.
            try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE")
        }
        try await ReadModelStore.finishBulkLoad(queue, path: path)
        return (position, applied)
    }
}
