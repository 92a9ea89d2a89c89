import Dispatch
import Foundation
import Logging
import Synchronization

/// The single writer of the log. It runs on its own thread, drains every pending append
/// into one write transaction and one sync, and resumes the callers only after that.
///
/// Under load the batches grow by themselves: while one batch syncs, the next one fills.
final class GroupCommitWriter: Sendable {
    typealias Outcome = Result<[Result<AppendResult, EventLogError>], EventLogError>
    typealias Completion = @Sendable (Outcome) -> Void

    private struct Request {
        let events: [NewEvent]
        let completion: Completion
    }

    private struct Queue {
        var requests: [Request] = []
        var closing = false
        var finished = false
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let environment: LMDBEnvironment
    private let databases: LogDatabases
    private let notifier: PositionNotifier
    private let durability: Durability
    private let maximumBatchSize: Int
    private let logger: Logger
    private let queue = Mutex(Queue())
    private let wakeup = DispatchSemaphore(value: 0)
    private let counters = Mutex(EventLogStatistics())
    private let metrics: LogMetrics

    init(
        environment: LMDBEnvironment,
        databases: LogDatabases,
        notifier: PositionNotifier,
        durability: Durability,
        maximumBatchSize: Int,
        metrics: LogMetrics,
        logger: Logger
    ) {
        self.metrics = metrics
        self.environment = environment
        self.databases = databases
        self.notifier = notifier
        self.durability = durability
        self.maximumBatchSize = maximumBatchSize
        self.logger = logger
    }

    var statistics: EventLogStatistics { counters.withLock { $0 } }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "cxstore.eventlog.writer"
        thread.start()
    }

    /// Queues `events`; `completion` runs on the writer thread after their batch is synced,
    /// or at once with ``EventLogError/Code/closed`` when the log no longer accepts appends.
    func submit(_ events: [NewEvent], completion: @escaping Completion) {
        let accepted = queue.withLock { queue in
            guard !queue.closing else { return false }
            queue.requests.append(Request(events: events, completion: completion))
            return true
        }
        if accepted {
            wakeup.signal()
        } else {
            completion(.failure(EventLogError(code: .closed, message: "the event log is closed")))
        }
    }

    /// Stops accepting appends, lets the writer commit everything already queued, and
    /// returns when its thread has finished.
    func close() async {
        await withCheckedContinuation { continuation in
            let alreadyFinished = queue.withLock { queue in
                queue.closing = true
                if queue.finished { return true }
                queue.finishWaiters.append(continuation)
                return false
            }
            if alreadyFinished {
                continuation.resume()
            } else {
                wakeup.signal()
            }
        }
    }

    private func run() {
        var unsyncedSince: ContinuousClock.Instant?
        while true {
            switch durability {
            case .durable:
                wakeup.wait()
            case .relaxed(let interval):
                if let since = unsyncedSince {
                    let remaining = interval - (ContinuousClock.now - since)
                    let nanoseconds = max(0, remaining.inNanoseconds)
                    if wakeup.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
                        flush(&unsyncedSince)
                    }
                } else {
                    wakeup.wait()
                }
            }
            while true {
                let (batch, closing) = takeBatch()
                if batch.isEmpty {
                    if closing {
                        flush(&unsyncedSince)
                        finish()
                        return
                    }
                    break
                }
                commit(batch)
                if case .relaxed(let interval) = durability {
                    let now = ContinuousClock.now
                    if unsyncedSince == nil { unsyncedSince = now }
                    if let since = unsyncedSince, now - since >= interval { flush(&unsyncedSince) }
                }
            }
        }
    }

    private func takeBatch() -> ([Request], Bool) {
        queue.withLock { queue in
            var taken = 0
            var events = 0
            while taken < queue.requests.count, events < maximumBatchSize {
                events += queue.requests[taken].events.count
                taken += 1
            }
            let batch = Array(queue.requests.prefix(taken))
            queue.requests.removeFirst(taken)
            return (batch, queue.closing)
        }
    }

    private func finish() {
        let waiters = queue.withLock { queue in
            queue.finished = true
            defer { queue.finishWaiters = [] }
            return queue.finishWaiters
        }
        notifier.close()
        for waiter in waiters { waiter.resume() }
    }

    private func flush(_ unsyncedSince: inout ContinuousClock.Instant?) {
        guard unsyncedSince != nil else { return }
        unsyncedSince = nil
        do {
            try environment.sync()
            counters.withLock { $0.syncs += 1 }
        } catch {
            logger.error("event log sync failed", metadata: ["eventlog.error": "\(error)"])
        }
    }

    private func commit(_ batch: [Request]) {
        let started = ContinuousClock.now
        do {
            let ((outcomes, head, tally), growth) = try environment.writeMakingRoom { transaction in try writeBatch(batch, in: transaction) }
            if growth.clearedReaders > 0 {
                logger.notice("cleared stale reader slots before growing the map", metadata: ["eventlog.stale_readers": "\(growth.clearedReaders)"])
            }
            if growth.doublings > 0 {
                logger.info("event log map grown", metadata: ["eventlog.map_size": "\(environment.currentMapSize)"])
            }
            metrics.recordCommit(
                appended: tally.appended, duplicates: tally.duplicates, conflicts: tally.conflicts, growths: growth.doublings,
                duration: .now - started)
            counters.withLock { counters in
                counters.appendedEvents += tally.appended
                counters.duplicateEvents += tally.duplicates
                counters.conflictingEvents += tally.conflicts
                counters.committedBatches += 1
                if case .durable = durability { counters.syncs += 1 }
                counters.largestBatch = max(counters.largestBatch, Int(tally.appended + tally.duplicates + tally.conflicts))
                counters.mapGrowths += UInt64(growth.doublings)
            }
            notifier.publish(head)
            for (request, outcome) in zip(batch, outcomes) { request.completion(.success(outcome)) }
            environment.noteMapTraffic(tally.bytes)
        } catch {
            let error = classify(error, batch: batch)
            logger.error("event log batch failed", metadata: ["eventlog.error": "\(error)", "eventlog.batch_size": "\(batch.count)"])
            fail(batch, with: error)
        }
    }

    /// LMDB reports a write cut short by a full disk as EIO, not ENOSPC; an I/O error
    /// while the file system has less room than the batch plus a margin is a full disk.
    private func classify(_ error: EventLogError, batch: [Request]) -> EventLogError {
        guard error.code == .storageFailure, error.status == LMDBStatus.inputOutput, let available = environment.availableBytes() else {
            return error
        }
        let needed = batch.reduce(0) { total, request in total + request.events.reduce(0) { $0 + $1.record.count * 2 } }
        guard available < needed + 8 << 20 else { return error }
        return EventLogError(code: .diskFull, message: "\(error.message) with \(available) bytes left on the device", status: error.status)
    }

    private func fail(_ batch: [Request], with error: EventLogError) {
        metrics.recordFailure()
        for request in batch { request.completion(.failure(error)) }
    }

    private struct Tally {
        var appended: UInt64 = 0
        var duplicates: UInt64 = 0
        var conflicts: UInt64 = 0
        var bytes = 0
    }

    private func writeBatch(
        _ batch: [Request], in transaction: consuming LMDBTransaction
    ) throws -> ([[Result<AppendResult, EventLogError>]], LogPosition, Tally) {
        // The transaction's own view of the last position is the truth: another process
        // (`cxstore import`, `demo`) may have appended since this writer's last batch.
        var head = try transaction.lastPosition(in: databases.events)
        var tally = Tally()
        var outcomes: [[Result<AppendResult, EventLogError>]] = []
        outcomes.reserveCapacity(batch.count)
        for request in batch {
            var results: [Result<AppendResult, EventLogError>] = []
            results.reserveCapacity(request.events.count)
            for event in request.events {
                let messageKey = Array(event.messageID.utf8)
                let existing = try transaction.withValue(databases.ids, key: messageKey) { value in
                    value.flatMap(IDIndexEntry.init(bytes:))
                }
                if let existing {
                    if existing.contentDigest == event.contentDigest || existing.isRedacted {
                        tally.duplicates += 1
                        results.append(.success(AppendResult(position: existing.position, duplicate: true)))
                    } else {
                        tally.conflicts += 1
                        results.append(
                            .failure(
                                EventLogError(
                                    code: .idConflict,
                                    message: "message id \"\(event.messageID)\" is already in the log with different content",
                                    position: existing.position
                                )))
                    }
                    continue
                }
                head = head.next
                let position = head
                try transaction.putReserved(databases.events, key: position.key, count: event.record.count, flags: MDB_APPEND_FLAG) { target in
                    event.record.withUnsafeBytes { target.copyMemory(from: $0) }
                    RecordCodec.stamp(position: position, into: target)
                }
                try transaction.put(
                    databases.ids, key: messageKey, value: IDIndexEntry(position: position, contentDigest: event.contentDigest).bytes)
                tally.appended += 1
                tally.bytes += event.record.count
                results.append(.success(AppendResult(position: position, duplicate: false)))
            }
            outcomes.append(results)
        }
        try transaction.commit()
        return (outcomes, head, tally)
    }
}
