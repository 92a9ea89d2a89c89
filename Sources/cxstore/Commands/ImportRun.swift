import CIM
import EventLog
import Ingest

/// The pipeline of `cxstore import`: while one batch is appended (and synced) on the log's
/// writer thread, the next is validated on every core. Batches are appended one at a time
/// in file order, so positions follow line order; at most two batches are in memory.
final class ImportRun {
    private let log: EventLog
    private let preparer: MessagePreparer
    private let origin: MessageOrigin
    private let workers: Int
    private let maxReportedErrors: Int
    private let progress = ProgressLine()
    private let started = ContinuousClock.now
    private var inFlight: (batch: ImportBatch, append: Task<[Result<AppendResult, EventLogError>], any Error>)?
    /// What the run has counted so far.
    var tally = ImportTally()

    init(log: EventLog, preparer: MessagePreparer, origin: MessageOrigin, workers: Int, maxReportedErrors: Int) {
        self.log = log
        self.preparer = preparer
        self.origin = origin
        self.workers = workers
        self.maxReportedErrors = maxReportedErrors
    }

    /// Validates `lines`, waits for the batch before to be appended, then starts appending
    /// these.
    func submit(_ lines: [ImportBatch.Line]) async throws {
        guard !lines.isEmpty else { return }
        let batch = await ImportBatch.prepare(lines, preparer: preparer, origin: origin, receivedAt: .now, workers: workers)
        try await settle()
        let log = self.log
        let events = batch.events
        inFlight = (batch, Task { try await log.append(contentsOf: events) })
    }

    /// Waits for the last append and prints the final count.
    func finish() async throws {
        try await settle()
        progress.update(tally.summary(elapsed: ContinuousClock.now - started), force: true)
        progress.finish()
    }

    /// Waits for an append in flight without counting it, after a failure.
    func abandon() async {
        _ = await inFlight?.append.result
        inFlight = nil
        progress.finish()
    }

    /// Counts the batch in flight once its append returns, reporting its refused lines in
    /// line order: those that did not validate and those whose id the log holds with other
    /// content.
    private func settle() async throws {
        guard let (batch, append) = inFlight else { return }
        inFlight = nil
        let outcomes = try await append.value
        var refusals = batch.refusals
        for (line, outcome) in zip(batch.lines, outcomes) {
            switch outcome {
            case .success(let result) where result.duplicate: tally.duplicates += 1
            case .success: tally.appended += 1
            case .failure(let error) where error.code == .idConflict:
                refusals.append(
                    .init(line: line, reasons: ["id: is already used by the event at position \(error.position ?? .start) with different content"]))
            case .failure(let error):
                throw error
            }
        }
        report(refusals.sorted { $0.line < $1.line })
        progress.update(tally.summary(elapsed: ContinuousClock.now - started))
    }

    private func report(_ refusals: [ImportBatch.Refusal]) {
        var text = ""
        for refusal in refusals {
            tally.rejected += 1
            guard tally.rejected <= maxReportedErrors else { continue }
            for reason in refusal.reasons { text += "line \(refusal.line): \(reason)\n" }
        }
        if !text.isEmpty { StandardError.write(text) }
    }
}
