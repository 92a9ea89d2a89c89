import CLMDB
import Foundation
public import Logging

/// The append-only log of accepted messages, in one LMDB environment per store directory.
///
/// - One writer: appends from any number of tasks are drained by a single thread into one
///   transaction and one sync per batch (group commit). An append returns only after its
///   batch is durable (``Durability/durable``).
/// - Positions start at 1, are contiguous and never reused.
/// - Idempotent: a message id appends once; the same id with the same content answers
///   with the original position, with other content it is refused.
/// - Readers use short read transactions and never block the writer. The map grows by
///   doubling when full; a full disk fails the batch with ``EventLogError/Code/diskFull``
///   and writes nothing.
public final class EventLog: Sendable {
    /// How a log is opened.
    public struct Configuration: Sendable {
        /// When an acknowledged append is safe; ``Durability/durable`` unless you opt out.
        public var durability: Durability
        /// The initial size of the memory map; it doubles whenever it fills.
        public var initialMapSize: Int
        /// The most events the writer puts in one transaction.
        public var maximumBatchSize: Int
        /// After this many bytes read or appended, the process drops its mapping of the log's
        /// pages (they stay in the page cache). This bounds the resident set of a rebuild or
        /// a long-running server instead of letting it grow with the log.
        public var residentMapBytes: Int
        /// The dimensions of the log's metrics: the tenant whose log it is.
        public var metricDimensions: [(String, String)]

        /// Creates a configuration.
        public init(
            durability: Durability = .durable, initialMapSize: Int = 1 << 30, maximumBatchSize: Int = 8192, residentMapBytes: Int = 64 << 20,
            metricDimensions: [(String, String)] = []
        ) {
            self.durability = durability
            self.initialMapSize = initialMapSize
            self.maximumBatchSize = maximumBatchSize
            self.residentMapBytes = residentMapBytes
            self.metricDimensions = metricDimensions
        }
    }

    /// The version of the record format this code writes.
    public static let formatVersion = UInt32(RecordCodec.formatVersion)

    /// The directory holding the LMDB files.
    public let directory: String
    /// A random id given to the store when it was created.
    public let storeID: String
    /// Reader slots of dead processes that were cleared at open.
    public let clearedStaleReaders: Int

    let environment: LMDBEnvironment
    let databases: LogDatabases
    let notifier: PositionNotifier
    let writer: GroupCommitWriter
    let scrubber: LogScrubber
    /// The options it was opened with.
    public let configuration: Configuration

    /// Opens (creating if needed) the log in `directory`.
    public init(directory: String, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "cxstore.eventlog")) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw EventLogError(code: .storageFailure, message: "cannot create \(directory): \(error.localizedDescription)")
        }
        let syncOnCommit: Bool
        if case .durable = configuration.durability { syncOnCommit = true } else { syncOnCommit = false }
        let environment = try LMDBEnvironment(
            directory: directory, mapSize: configuration.initialMapSize, syncOnCommit: syncOnCommit,
            residentMapBytes: configuration.residentMapBytes)
        self.directory = directory
        self.configuration = configuration
        self.environment = environment
        self.clearedStaleReaders = Int(environment.clearStaleReaders())
        if clearedStaleReaders > 0 {
            logger.notice("cleared stale reader slots", metadata: ["eventlog.stale_readers": "\(clearedStaleReaders)"])
        }

        let setup = try Self.prepare(environment)
        self.databases = setup.databases
        self.storeID = setup.storeID
        self.notifier = PositionNotifier(position: setup.head)
        self.writer = GroupCommitWriter(
            environment: environment,
            databases: setup.databases,
            notifier: notifier,
            durability: configuration.durability,
            maximumBatchSize: configuration.maximumBatchSize,
            metrics: LogMetrics(dimensions: configuration.metricDimensions),
            logger: logger
        )
        writer.start()
        self.scrubber = LogScrubber(environment: environment, databases: setup.databases, logger: logger)
        if scrubber.isPending { scrubber.start() }
    }

    /// Creates the named databases and the meta entries on first open, checks the format
    /// version on later ones, and finds the head.
    private static func prepare(_ environment: LMDBEnvironment) throws(EventLogError) -> (databases: LogDatabases, storeID: String, head: LogPosition)
    {
        try environment.writeMakingRoom { transaction in
            let databases = LogDatabases(
                events: try transaction.openDatabase(named: "events", create: true),
                ids: try transaction.openDatabase(named: "ids", create: true),
                meta: try transaction.openDatabase(named: "meta", create: true)
            )
            let versionKey = Array("format_version".utf8)
            let storedVersion = try transaction.withValue(databases.meta, key: versionKey) { value in
                value.flatMap { $0.count == 4 ? UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) : nil }
            }
            if let storedVersion, storedVersion != formatVersion {
                throw EventLogError(
                    code: .incompatibleFormat,
                    message: "the log was written with record format \(storedVersion); this build reads format \(formatVersion)"
                )
            }
            if storedVersion == nil {
                try transaction.put(databases.meta, key: versionKey, value: withUnsafeBytes(of: formatVersion.bigEndian) { Array($0) })
            }
            let storeIDKey = Array("store_id".utf8)
            var storeID = try transaction.withValue(databases.meta, key: storeIDKey) { value in
                value.map { String(decoding: $0, as: UTF8.self) }
            }
            if storeID == nil {
                let newID = UUID().uuidString.lowercased()
                try transaction.put(databases.meta, key: storeIDKey, value: Array(newID.utf8))
                storeID = newID
            }
            let head = try transaction.lastPosition(in: databases.events)
            try transaction.commit()
            return (databases, storeID ?? "", head)
        }.value
    }

    /// The position of the last committed event (0 when the log is empty), including
    /// events appended by other processes sharing the store.
    public var head: LogPosition {
        (try? environment.read { transaction in try transaction.lastPosition(in: databases.events) }) ?? notifier.position
    }

    /// The head this process last committed or saw committed, without reading the log: for
    /// the hot path. It trails ``head`` only by appends of other processes since this
    /// process's last commit.
    public var committedHead: LogPosition { notifier.position }

    /// `true` while an erasure's old bytes may still be in the log file (they are being
    /// overwritten in the background).
    public var isScrubbing: Bool { scrubber.isPending }

    /// Returns once every erasure's old bytes are overwritten in the log file (at once when
    /// none are pending, or when the log is closing).
    public func waitUntilScrubbed() async {
        await scrubber.waitUntilScrubbed()
    }

    /// The writer's counters since open.
    public var statistics: EventLogStatistics { writer.statistics }

    /// Commits every append already queued, stops the writer and closes the environment.
    /// Appends made after this fail with ``EventLogError/Code/closed``.
    public func close() async {
        await scrubber.stop()
        await writer.close()
        environment.close()
    }
}
