import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Overwrites the bytes an erasure left behind in the log file, on its own thread, while
/// the log keeps serving.
///
/// LMDB keeps old bytes in three places no API cleans:
/// 1. pages a transaction freed (the erased records' old leaf and overflow pages);
/// 2. the unused gap of branch and leaf pages: a deleted or shrunk node's bytes linger
///    there, and LMDB builds new pages in reused buffers that it does not clear, so bytes
///    of any earlier page can land in the gap of any later one;
/// 3. pages past the last one in use, written by a transaction that never committed.
///
/// So after an erasure the scrubber (a) reopens the environment, which drops this process's
/// buffers, (b) passes over the whole file, chunk by chunk, each chunk under the write lock,
/// overwriting with zeros the gaps of pages in use, the free pages no reader can see and the
/// pages past the end, then (c) waits until no reader's snapshot (nor LMDB's fallback meta
/// page) can reach the pages freed before the pass ended, and overwrites those.
///
/// Its stage lives in the `meta` database, committed with the erasure, so a crash at any
/// point resumes it at the next open.
final class LogScrubber: Sendable {
    /// `meta` key: stage (u8: 1 whole-file pass, 2 free pages), the transaction whose
    /// freed pages stage 2 waits for (u64 BE), and a generation bumped by every erasure
    /// (u64 BE), so that a pass that overlapped a new erasure is run again.
    static let stageKey = Array("scrub_stage".utf8)
    /// Pages read and scrubbed per write transaction of the pass (32 MB of 4 KB pages).
    private static let pagesPerStep = 8192

    private struct Stage {
        var number: UInt8
        var freedBy: UInt64
        var generation: UInt64

        init(number: UInt8, freedBy: UInt64, generation: UInt64) {
            (self.number, self.freedBy, self.generation) = (number, freedBy, generation)
        }

        init?(bytes: UnsafeRawBufferPointer?) {
            guard let bytes, bytes.count == 17 else { return nil }
            number = bytes[0]
            freedBy = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
            generation = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 9, as: UInt64.self))
        }

        var bytes: [UInt8] { [number] + LogPosition(freedBy).key + LogPosition(generation).key }
    }

    private struct State {
        var running = false
        var stopping = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let environment: LMDBEnvironment
    private let databases: LogDatabases
    private let logger: Logger
    private let state = Mutex(State())

    init(environment: LMDBEnvironment, databases: LogDatabases, logger: Logger) {
        self.environment = environment
        self.databases = databases
        self.logger = logger
    }

    /// Asks for a whole-file pass, in the erasure's own transaction.
    static func noteErasure(in transaction: borrowing LMDBTransaction, meta: LMDBDatabase) throws {
        let current = try transaction.withValue(meta, key: stageKey) { Stage(bytes: $0) }
        try transaction.put(meta, key: stageKey, value: Stage(number: 1, freedBy: 0, generation: (current?.generation ?? 0) + 1).bytes)
    }

    /// `true` while an erasure's bytes may still be in the file.
    var isPending: Bool {
        (try? environment.read { transaction in try transaction.withValue(databases.meta, key: Self.stageKey) { $0 != nil } }) ?? false
    }

    /// Starts the scrubbing thread unless it runs already.
    func start() {
        let shouldStart = state.withLock { state in
            guard !state.running, !state.stopping else { return false }
            state.running = true
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in run() }
        thread.name = "cxstore.eventlog.scrubber"
        thread.start()
    }

    /// Returns once nothing is left to scrub (at once when nothing is).
    func waitUntilScrubbed() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state in
                guard state.running else { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Stops the thread after its current step (the log is closing); what is left resumes
    /// at the next open.
    func stop() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state in
                state.stopping = true
                guard state.running else { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    private func run() {
        let started = ContinuousClock.now
        var warned = false
        while true {
            if state.withLock({ $0.stopping }) { break }
            do {
                if try step() {
                    logger.info(
                        "erased records overwritten in the log file", metadata: ["eventlog.scrub_seconds": "\(ContinuousClock.now - started)"])
                    break
                }
            } catch {
                logger.error("overwriting erased records failed; retrying", metadata: ["eventlog.error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
            if !warned, ContinuousClock.now - started > .seconds(30) {
                warned = true
                logger.warning("a reader's old snapshot keeps erased bytes in the log file; waiting for it to end")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let (waiters, stopWaiters) = state.withLock { state in
            state.running = false
            defer { (state.waiters, state.stopWaiters) = ([], []) }
            return (state.waiters, state.stopWaiters)
        }
        for waiter in waiters + stopWaiters { waiter.resume() }
    }

    /// One stage of progress; `true` when nothing is left.
    private func step() throws -> Bool {
        let stage = try environment.read { transaction in
            try transaction.withValue(databases.meta, key: Self.stageKey) { Stage(bytes: $0) }
        }
        guard let stage else { return true }
        if stage.number == 1 {
            try passOverTheFile(generation: stage.generation)
            return false
        }
        return try overwriteFreedPages(after: stage)
    }

    /// Stage 1: the whole-file pass, then stage 2 (unless an erasure came meanwhile).
    private func passOverTheFile(generation: UInt64) throws {
        try environment.reopen(databases: LogDatabases.names)
        let descriptor = try environment.openDataFileForScrubbing()
        defer { _ = Glibc.close(descriptor) }
        var scrub: UnusedSpaceScrub?
        var page = 0
        while true {
            let finished = try environment.writeTransaction { transaction -> Bool in
                let oldest = try oldestVisibleSnapshot(in: transaction)
                let free = try freePages(in: transaction)
                var current =
                    scrub
                    ?? UnusedSpaceScrub(pageSize: environment.pageSize, freePages: [:], lastPage: environment.lastPageInUse)
                current = UnusedSpaceScrub(
                    pageSize: current.pageSize, freePages: Dictionary(free.map { ($0.page, $0.freedBy < oldest) }) { $0 && $1 },
                    lastPage: environment.lastPageInUse, overflowPagesLeft: current.overflowPagesLeft)
                let pages = try UnusedSpaceScrub.fileSize(of: descriptor) / current.pageSize
                guard page < pages else {
                    guard fdatasync(descriptor) == 0 else { throw LMDBStatus.error(errno, "sync the log file") }
                    let stage = try transaction.withValue(databases.meta, key: Self.stageKey) { Stage(bytes: $0) }
                    if stage?.generation == generation {
                        try transaction.put(
                            databases.meta, key: Self.stageKey, value: Stage(number: 2, freedBy: transaction.id, generation: generation).bytes)
                        try transaction.commit()
                    }
                    return true
                }
                let end = min(pages, page + Self.pagesPerStep)
                try current.scrub(pages: page..<end, descriptor: descriptor)
                scrub = current
                page = end
                return false
            }
            if finished { return }
            // The chunk's zeros reach the disk outside the write lock: the pass dirties
            // nearly every page it visits, and syncing the whole file under the lock at the
            // end stalled appends for seconds on a 1.6 GB log (BENCHMARKS.md, issue 16).
            guard fdatasync(descriptor) == 0 else { throw LMDBStatus.error(errno, "sync the log file") }
        }
    }

    /// Stage 2: once nothing can see the pages freed up to the pass, overwrite them.
    private func overwriteFreedPages(after stage: Stage) throws -> Bool {
        try environment.writeTransaction { transaction -> Bool in
            let oldest = try oldestVisibleSnapshot(in: transaction)
            if oldest > stage.freedBy {
                let descriptor = try environment.openDataFileForScrubbing()
                defer { _ = Glibc.close(descriptor) }
                let pages = try freePages(in: transaction).filter { $0.freedBy < oldest }.map(\.page)
                var scrub = UnusedSpaceScrub(
                    pageSize: environment.pageSize, freePages: Dictionary(pages.map { ($0, true) }) { $0 && $1 }, lastPage: environment.lastPageInUse)
                for page in pages.sorted() { try scrub.scrub(pages: page..<page + 1, descriptor: descriptor) }
                guard fdatasync(descriptor) == 0 else { throw LMDBStatus.error(errno, "sync the log file") }
                try transaction.delete(databases.meta, key: Self.stageKey)
                try transaction.commit()
                return true
            }
            if transaction.id - 1 <= stage.freedBy {
                // No commit since the pass: make one, so that the pages it freed age.
                try transaction.put(databases.meta, key: Self.stageKey, value: stage.bytes)
                try transaction.commit()
            }
            return false
        }
    }

    /// LMDB's rule for reusing a freed page: freed by a transaction older than this.
    private func oldestVisibleSnapshot(in transaction: borrowing LMDBTransaction) throws -> UInt64 {
        _ = environment.clearStaleReaders()
        return min(transaction.id - 1, environment.oldestReaderSnapshot() ?? .max)
    }

    /// LMDB opens its free list only to read-only transactions; under the write
    /// transaction no other writer can commit, so the last snapshot's list is current.
    private func freePages(in transaction: borrowing LMDBTransaction) throws -> [(page: Int, freedBy: UInt64)] {
        try LMDBTransaction(environment: environment.handle, readOnly: true).freePages()
    }

}
