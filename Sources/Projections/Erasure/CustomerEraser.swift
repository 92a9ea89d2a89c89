public import EventLog
import Foundation
import GRDB
public import Logging

/// Forgets a customer: finds everything of theirs in the read models and the log, redacts
/// their records and appends the erasure event in one log transaction, writes the ledger,
/// and waits for the projections to delete the derived rows (the runner then truncates
/// the read models' WAL). The log overwrites the old bytes of its file in the background
/// (``EventLog/waitUntilScrubbed()``).
public struct CustomerEraser: Sendable {
    let runner: ProjectionRunner
    let logger: Logger
    /// How long the read models may take to reach the log's head before the erasure starts.
    public var catchUpTimeout: Duration = .seconds(10)
    /// How long the erasure waits for the read models to apply it.
    public var applyTimeout: Duration = .seconds(30)

    /// An eraser working with `runner`'s log and read models.
    public init(runner: ProjectionRunner, logger: Logger = Logger(label: "cxstore.erasure")) {
        self.runner = runner
        self.logger = logger
    }

    /// Erases `customerID` (as the history API knows them: merged ids included).
    ///
    /// - Throws: ``ProjectionsError`` `customerNotFound`, `customerErased` (nothing changed),
    ///   `notCaughtUp` (nothing changed; retry); ``EventLogError`` from the log.
    public func erase(customerID: String, reason: String?, requestedBy: String) async throws -> ErasureReceipt {
        let log = runner.log
        let started = ContinuousClock.now
        guard await runner.waitUntilApplied(log.head, timeout: catchUpTimeout) else {
            throw ProjectionsError(code: .notCaughtUp, message: "the read models are behind the log; retry in a few seconds")
        }
        let searched = runner.applied.position
        let caughtUp = ContinuousClock.now
        let subject = try await runner.store.read { db in try ErasureSubject.find(customerID, in: db) }
        let matches = subject.matcher
        let keyed = try log.positions(through: searched, matching: matches)
        let unprojected = try await runner.store.read { db in try ErasureSubject.withoutActivity(keyed, in: db) }
        let found = ContinuousClock.now
        let erasureID = "erasure-" + UUID().uuidString.lowercased()
        let requestedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let plan = LogErasurePlan(
            positions: subject.positions.union(unprojected), searchedThrough: searched, matches: matches,
            event: { redacted in
                CustomerErasure(
                    erasureID: erasureID, customerIDs: subject.customerIDs, redacted: redacted, reason: reason,
                    requestedBy: requestedBy, requestedAt: requestedAt, activities: subject.activityCount, identities: subject.identities.count,
                    conversations: subject.conversations.count
                ).event()
            })
        let erasure = try log.erase(plan)
        let redacted = ContinuousClock.now
        try ErasureLedger(layout: runner.store.layout).append(
            .init(
                erasureID: erasureID, position: erasure.position.rawValue, customerIDs: subject.customerIDs,
                positions: erasure.redacted.map(\.rawValue), requestedAt: requestedAt))
        // The runner truncates the WAL once it has applied the erasure.
        let applied = await runner.waitUntilApplied(erasure.position, timeout: applyTimeout)
        logger.notice(
            "customer erased",
            metadata: [
                "erasure.id": "\(erasureID)", "eventlog.position": "\(erasure.position)", "erasure.records": "\(erasure.redacted.count)",
                "erasure.catch_up": "\(caughtUp - started)", "erasure.search": "\(found - caughtUp)", "erasure.redact": "\(redacted - found)",
                "erasure.apply": "\(ContinuousClock.now - redacted)",
            ])
        return ErasureReceipt(
            erasureID: erasureID, customerID: customerID, customerIDs: subject.customerIDs, position: erasure.position.rawValue,
            records: erasure.redacted.count, activities: subject.activityCount, identities: subject.identities.count,
            conversations: subject.conversations.count, readModelsErased: applied)
    }

    /// Applies a ledger entry to a log that does not hold its erasure yet (a restored
    /// backup taken before it): redacts the entry's positions the log holds and appends the
    /// erasure event under the entry's id, so that a second application is a no-op.
    /// Returns `nil` when the log holds the erasure already.
    public func reapply(_ entry: ErasureLedger.Entry) async throws -> ErasureReceipt? {
        let log = runner.log
        guard try log.position(ofMessageID: entry.erasureID) == nil else { return nil }
        let head = log.head
        _ = await runner.waitUntilApplied(head, timeout: catchUpTimeout)
        let subject = try? await runner.store.read { db in try ErasureSubject.find(entry.customerIDs.first ?? "", in: db) }
        let counts = (
            activities: subject?.activityCount ?? 0, identities: subject?.identities.count ?? 0, conversations: subject?.conversations.count ?? 0
        )
        let nobody: @Sendable (RoutingKeys) -> Bool = { _ in false }
        let matches = subject.map { $0.matcher } ?? nobody
        let positions = Set(entry.positions.map { LogPosition($0) }.filter { $0 <= head })
        let reason = "re-applied from the erasure ledger (erased at position \(entry.position))"
        let plan = LogErasurePlan(
            positions: positions, searchedThrough: head, matches: matches,
            event: { redacted in
                CustomerErasure(
                    erasureID: entry.erasureID, customerIDs: entry.customerIDs, redacted: redacted, reason: reason,
                    requestedBy: "cxstore restore", requestedAt: entry.requestedAt, activities: counts.activities,
                    identities: counts.identities, conversations: counts.conversations
                ).event()
            })
        let erasure = try log.erase(plan)
        let applied = await runner.waitUntilApplied(erasure.position, timeout: applyTimeout)
        return ErasureReceipt(
            erasureID: entry.erasureID, customerID: entry.customerIDs.first ?? "", customerIDs: entry.customerIDs,
            position: erasure.position.rawValue, records: erasure.redacted.count, activities: counts.activities,
            identities: counts.identities, conversations: counts.conversations, readModelsErased: applied)
    }
}
