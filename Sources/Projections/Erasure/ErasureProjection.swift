import EventLog
import Foundation
import GRDB

/// Applies erasure events: deletes every row derived from the erased records and the
/// customers' own rows, and keeps the `erasures` audit table. The applier hands it only
/// erasure events, each as the last of its segment, so the rows it deletes are exactly
/// those the events before it made.
///
/// The full-text index loses the same rows and is then merged into one segment, so that no
/// word of the erased records stays in it. The writer connection has `secure_delete` on, so the deleted bytes are overwritten in
/// the database pages; the runner then truncates the WAL.
struct ErasureProjection: Projection {
    let name = "erasures"
    let version = 1

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
        let positions = "SELECT position FROM temp.erased_positions"
        let customers = "SELECT customer_id FROM temp.erased_customers"
        try db.execute(
            sql: """
                DELETE FROM ivr_menu_visits WHERE journey_position IN (\(positions));
                DELETE FROM ivr_journeys WHERE position IN (\(positions));
                CREATE TEMP TABLE IF NOT EXISTS erased_calls (call_id TEXT PRIMARY KEY);
                DELETE FROM temp.erased_calls;
                INSERT OR IGNORE INTO temp.erased_calls SELECT call_id FROM call_activities WHERE position IN (\(positions));
                DELETE FROM call_activities WHERE call_id IN (SELECT call_id FROM temp.erased_calls);
                DELETE FROM calls WHERE call_id IN (SELECT call_id FROM temp.erased_calls);
                DELETE FROM delivery_statuses WHERE position IN (\(positions))
                    OR message_id IN (SELECT message_id FROM activities WHERE position IN (\(positions)));
                DELETE FROM activity_search WHERE rowid IN (\(positions));
                DELETE FROM customer_search WHERE rowid IN (SELECT created_position FROM customers WHERE customer_id IN (\(customers)));
                DELETE FROM activities WHERE position IN (\(positions));
                DELETE FROM channel_sessions WHERE customer_id IN (\(customers))
                    OR conversation_id IN (SELECT conversation_id FROM conversations WHERE customer_id IN (\(customers)));
                DELETE FROM conversations WHERE customer_id IN (\(customers));
                DELETE FROM customer_identities WHERE customer_id IN (\(customers));
                UPDATE customers SET merged_into = NULL WHERE customer_id IN (\(customers));
                DELETE FROM customers WHERE customer_id IN (\(customers));
                DELETE FROM temp.erased_positions; DELETE FROM temp.erased_customers; DELETE FROM temp.erased_calls;
                """)
        // FTS5 (before SQLite 3.44's secure-delete) only marks deleted rows: the erased
        // words stay in the index's segments until they are merged. Merging every segment
        // rewrites the index without them, and secure_delete zeroes the pages it frees.
        try db.execute(
            sql: """
                INSERT INTO activity_search (activity_search) VALUES ('optimize');
                INSERT INTO customer_search (customer_search) VALUES ('optimize');
                """)
    }

    private func jsonArray(_ strings: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
    }
}
