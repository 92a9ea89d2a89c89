import CIM
import EventLog
import GRDB

/// Applies a batch of logged events to every projection in one write transaction, each
/// projection taking only the events past its own checkpoint and saving its new
/// checkpoint in that same transaction. Decoding happens before, in ``prepare(_:)`` or
/// ``batch(after:from:limit:)``, off the writer's connection.
struct ProjectionApplier: Sendable {
    let projections: [any Projection]
    let decoder = MessageDecoder()

    /// The lowest checkpoint among the projections (0 for one that never ran).
    func start(in checkpoints: [String: ProjectionCheckpoint]) -> LogPosition {
        projections.map { checkpoints[$0.name]?.position ?? .start }.min() ?? .start
    }

    /// Projections whose stored version differs from their code.
    func outdated(in checkpoints: [String: ProjectionCheckpoint]) -> [String] {
        projections.compactMap { projection in
            guard let stored = checkpoints[projection.name], stored.version != projection.version else { return nil }
            return projection.name
        }
    }

    /// Decodes `events` for the projections, taking the messages the ingest path handed
    /// over instead of decoding them again.
    func prepare(_ events: [RecordedEvent], decoded: DecodedMessages? = nil) -> [ProjectedEvent] {
        events.map { ProjectedEvent($0, decoder: decoder, decoded: decoded?.take($0.position)) }
    }

    /// Reads and decodes up to `limit` events after `position`.
    func batch(after position: LogPosition, from log: EventLog, limit: Int, decoded: DecodedMessages? = nil) throws -> [ProjectedEvent] {
        prepare(try log.read(after: position, limit: limit), decoded: decoded)
    }

    /// Cancels a batch read ahead and waits for it to stop, so that nothing reads the log
    /// once its reader has returned (the caller may close the log next).
    static func settle(_ prefetch: Task<[ProjectedEvent], any Error>?) async {
        prefetch?.cancel()
        _ = await prefetch?.result
    }

    /// Applies `projected` to every projection past its checkpoint, and saves the
    /// checkpoints. The batch is cut after each erasure event, and each part is applied by
    /// every projection before the next part: an erasure deletes exactly what the events
    /// before it made, never what a later event in the same batch adds. Redacted records
    /// reach no projection; erasure events only the erasure projection.
    ///
    /// Each part's events are sorted out once for all projections (copying a batch of events
    /// once per projection was about 5 % of a rebuild's samples); only a projection whose checkpoint
    /// falls inside the part filters again.
    func apply(_ projected: [ProjectedEvent], in db: Database) throws {
        guard let last = projected.last?.recorded.position else { return }
        let checkpoints = try ProjectionCheckpoint.all(in: db)
        var start = projected.startIndex
        while start < projected.endIndex {
            let erasure = projected[start...].firstIndex { $0.recorded.type == CustomerErasure.eventType && !$0.recorded.isRedacted }
            let end = erasure.map { $0 + 1 } ?? projected.endIndex
            let part = projected[start..<end]
            let readModelEvents = part.filter {
                !$0.recorded.isRedacted && $0.recorded.type != CustomerErasure.eventType && $0.recorded.type != LogPromotion.eventType
            }
            let erasureEvents = erasure.map { [projected[$0]] } ?? []
            for projection in projections {
                let after = checkpoints[projection.name]?.position ?? .start
                let events = projection is ErasureProjection ? erasureEvents : readModelEvents
                let pending = after < part[start].recorded.position ? events : events.filter { $0.recorded.position > after }
                if !pending.isEmpty { try projection.apply(pending, in: db) }
            }
            start = end
        }
        for projection in projections where (checkpoints[projection.name]?.position ?? .start) < last {
            try ProjectionCheckpoint.save(projection.name, version: projection.version, position: last, in: db)
        }
    }
}
