public import EventLog
import Foundation
public import GRDB
public import Logging
import Synchronization

/// The SQLite read models of a store: the current generation file, opened as a WAL
/// `DatabasePool` (one writer, any number of readers, in this process and others).
///
/// The file needs no stronger durability than `synchronous=NORMAL`: every projection
/// commits its checkpoint in the same transaction as its rows, so after a crash it resumes
/// from the last committed batch.
public final class ReadModelStore: Sendable {
    /// Where the files are.
    public let layout: StoreLayout
    private let current: Mutex<(generation: Int, pool: DatabasePool)>
    private let logger: Logger

    /// Opens the current generation, creating generation 1 for a new store and deleting
    /// generations left behind by earlier swaps.
    public init(layout: StoreLayout, logger: Logger = Logger(label: "cxstore.projections")) throws {
        self.layout = layout
        self.logger = logger
        try FileManager.default.createDirectory(atPath: layout.projectionsDirectory, withIntermediateDirectories: true)
        let generation: Int
        if let linked = Self.linkedGeneration(layout) {
            generation = linked
        } else {
            generation = 1
            _ = try Self.openPool(path: layout.projectionsFile(generation: 1))
            try Self.point(layout, at: 1)
        }
        let pool = try Self.openPool(path: layout.projectionsFile(generation: generation))
        current = Mutex((generation, pool))
        Self.removeGenerations(layout, olderThan: generation)
    }

    /// The generation in use.
    public var generation: Int { current.withLock { $0.generation } }

    /// The pool of the generation in use.
    public var pool: DatabasePool { current.withLock { $0.pool } }

    /// Runs `body` in a read transaction of the current generation.
    public func read<Result: Sendable>(_ body: @escaping @Sendable (Database) throws -> Result) async throws -> Result {
        try await pool.read(body)
    }

    /// Switches to the generation the link points at, if a rebuild swapped it; returns
    /// `true` when it did. Reads in flight finish on the old file, which is then deleted.
    @discardableResult
    public func followSwap() throws -> Bool {
        guard let linked = Self.linkedGeneration(layout), linked != generation else { return false }
        let pool = try Self.openPool(path: layout.projectionsFile(generation: linked))
        let old = current.withLock { state in
            defer { state = (linked, pool) }
            return state
        }
        try? old.pool.close()
        Self.removeGenerations(layout, olderThan: linked)
        logger.notice("read models swapped to a rebuilt generation", metadata: ["projection.generation": "\(linked)"])
        return true
    }

    /// The checkpoint of every projection in the current generation.
    public func checkpoints() async throws -> [String: ProjectionCheckpoint] {
        try await read { db in try ProjectionCheckpoint.all(in: db) }
    }

    static func openPool(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Readers keep 64 MB of pages each (history pages of a 1 GB store: 1.7–1.9k pages/s
            // at 16 connections, ~5 % fewer with 32 MB); the projections' writer 32 MB, which
            // took `serve`'s peak RSS at the batch route's full rate from 326–348 MB back to
            // 286–303 MB (BENCHMARKS.md, issue 14).
            // A new file gets the 16 KB pages of a rebuilt one (an existing file keeps its own):
            // the live apply under the batch route measured the same with either.
            // The writer overwrites deleted and moved content with zeros (`secure_delete`), so
            // that an erased customer's bytes leave the pages, not just the b-trees.
            let cacheKilobytes = db.configuration.readonly ? 65536 : 32768
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -\(cacheKilobytes)")
            // A checkpoint every 250 pages keeps the WAL at SQLite's default 4 MB in 16 KB pages.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA secure_delete = ON; PRAGMA wal_autocheckpoint = 250")
            }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try ReadModelSchema.migrator.migrate(pool)
        return pool
    }

    /// Opens a new generation file for a rebuild: one connection, no journal and no syncs.
    /// The file is private to the rebuild until the swap: a rebuild that fails deletes it,
    /// one that succeeds turns it into a WAL file and syncs it (``finishBulkLoad(_:path:)``).
    static func openForBulkLoad(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // 16 KB pages (SQLite's default is 4 KB, three 1 KB activity rows a page): a rebuild
            // of 154,624 events went from 30.3–31.8k to 33.3–33.5k events/s, three alternating
            // pairs; 32 and 64 KB measured the same as 16 (BENCHMARKS.md, issue 24).
            // `threads = 2`: the index builds after the load sort on both cores. A 64 MB cache
            // and sort spills to files keep the rebuild's memory independent of the log (a
            // 256 MB cache with in-memory spills grew from 216 MB at 100k events to 369 MB at
            // 505k; now 128, 166 and 190 MB at 100k, 505k and 1M, at the same rate).
            try db.execute(
                sql:
                    "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = FILE; PRAGMA threads = 2; PRAGMA secure_delete = ON"
            )
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try ReadModelSchema.migrator.migrate(queue)
        return queue
    }

    /// Makes a bulk-loaded file an ordinary generation: WAL mode, closed, and on disk.
    static func finishBulkLoad(_ queue: DatabaseQueue, path: String) async throws {
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try queue.close()
        let descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else {
            throw ProjectionsError(code: .storageFailure, message: "cannot open \(path) to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw ProjectionsError(code: .storageFailure, message: "cannot sync \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Deletes a generation file with its WAL and shared-memory files.
    static func removeFiles(of path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    static func linkedGeneration(_ layout: StoreLayout) -> Int? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: layout.projectionsLink) else { return nil }
        let name = (target as NSString).lastPathComponent
        guard name.hasPrefix("generation-"), name.hasSuffix(".sqlite") else { return nil }
        return Int(name.dropFirst("generation-".count).dropLast(".sqlite".count))
    }

    /// Points the link at `generation` with one atomic rename.
    static func point(_ layout: StoreLayout, at generation: Int) throws {
        let target = "projections/" + (layout.projectionsFile(generation: generation) as NSString).lastPathComponent
        let temporary = layout.projectionsLink + ".swap-\(generation)"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: target)
        guard rename(temporary, layout.projectionsLink) == 0 else {
            throw ProjectionsError(code: .storageFailure, message: "cannot swap \(layout.projectionsLink): \(String(cString: strerror(errno)))")
        }
    }

    /// Deletes every generation but the one the link points at, with its WAL files. Call it
    /// only while no process has the store open (a running `serve` deletes the old
    /// generation itself once it follows a swap).
    public static func removeUnlinkedGenerations(_ layout: StoreLayout) {
        guard let linked = linkedGeneration(layout) else { return }
        removeGenerations(layout) { $0 != linked }
    }

    /// Deletes the generations older than `keep`, with their WAL files. A newer one is a
    /// rebuild still writing (generation numbers only grow): a `serve` that followed one swap
    /// late once deleted the file of the next rebuild under it.
    static func removeGenerations(_ layout: StoreLayout, olderThan keep: Int) {
        removeGenerations(layout) { $0 < keep }
    }

    private static func removeGenerations(_ layout: StoreLayout, where doomed: (Int) -> Bool) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: layout.projectionsDirectory) else { return }
        for name in names where name.hasPrefix("generation-") {
            guard let number = Int(name.dropFirst("generation-".count).prefix { $0.isNumber }), doomed(number) else { continue }
            try? FileManager.default.removeItem(atPath: layout.projectionsDirectory + "/" + name)
        }
    }

    static func nextGeneration(_ layout: StoreLayout) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.projectionsDirectory)) ?? []
        let numbers = names.compactMap { name -> Int? in
            guard name.hasPrefix("generation-"), name.hasSuffix(".sqlite") else { return nil }
            return Int(name.dropFirst("generation-".count).dropLast(".sqlite".count))
        }
        return max(numbers.max() ?? 0, linkedGeneration(layout) ?? 0) + 1
    }
}
