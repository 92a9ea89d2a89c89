import EventLog
import Foundation
import GRDB

/// Applies erasure events: each read-model projection deletes its rows derived from the
/// erased records and the customers' own rows (``Projection/erase(_:in:)``), and this one
/// keeps the `erasures` audit table. The applier hands it only erasure events, each as the
/// last of its segment, so the rows deleted are exactly those the events before it made.
///
/// The writer connection has `secure_delete` on, so the deleted bytes are overwritten in the
/// database pages; the runner then truncates the WAL.
struct ErasureProjection: Projection {
    let name = "erasures"
    let version = 1
    let tables = ["erasures"]
    /// The projections whose rows an erasure deletes, in application order.
    let erasing: [any Projection]

    func apply(_ events: [ProjectedEvent], in db: Database) throws {
        for event in events {
            guard let erasure = CustomerErasure(event.recorded) else { continue }
            try forget(erasure, in: db)
            try db.execute(
                sql: """
                    INSERT INTO erasures (position, erasure_id, customer_id, customer_ids, reason, requested_by, requested_at,
                        records, activities, identities, conversations)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Int64(event.recorded.position.rawValue), erasure.erasureID, erasure.customerIDs.first, try jsonArray(erasure.customerIDs),
                    erasure.reason, erasure.requestedBy, erasure.requestedAt, erasure.positions.count, erasure.activities,
                    erasure.identities, erasure.conversations,
                ])
        }
    }

    /// The audit stays: which customer ids were erased, when, why and by whom, and how many
    /// rows went; no name, identity or message of theirs.
    func erase(_ erased: ErasedRows, in db: Database) throws {}

    /// Fills the erased positions and customers, and has every projection delete its rows,
    /// the later ones first (they refer to rows of the earlier ones).
    private func forget(_ erasure: CustomerErasure, in db: Database) throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS erased_positions (position INTEGER PRIMARY KEY)")
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS erased_customers (customer_id TEXT PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM erased_positions; DELETE FROM erased_customers")
        for position in erasure.positions {
            try db.execute(sql: "INSERT OR IGNORE INTO erased_positions VALUES (?)", arguments: [Int64(position)])
        }
        for customer in erasure.customerIDs {
            try db.execute(sql: "INSERT OR IGNORE INTO erased_customers VALUES (?)", arguments: [customer])
        }
        let erased = ErasedRows()
        for projection in erasing.reversed() { try projection.erase(erased, in: db) }
        try db.execute(sql: "DELETE FROM temp.erased_positions; DELETE FROM temp.erased_customers")
    }

    private func jsonArray(_ strings: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
    }
}
