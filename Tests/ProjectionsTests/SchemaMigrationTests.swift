import GRDB
import StoreTesting
import Testing

@testable import Projections

/// Migrations change files that already hold rows: each keeps every row and leaves the
/// schema the current code expects.
@Suite struct SchemaMigrationTests {
    /// v3 rebuilt `activities` with a named message-id index; v7 dropped that index (the log
    /// finds a message id's position, and keeps ids unique).
    @Test func migrationsKeepEveryActivityAndLeaveTheIndexesTheReadsUse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let queue = try DatabaseQueue(path: directory.path + "/generation.sqlite")
        try ReadModelSchema.migrator.migrate(queue, upTo: "v2: channel sessions by customer")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO customers (customer_id, is_derived, created_position) VALUES ('c1', 0, 1)")
            for position in 1...2 {
                try db.execute(
                    sql: """
                        INSERT INTO activities (position, message_id, type, body_type, customer_id, sender_id, sender_type,
                            occurred_at, recorded_at, summary, message)
                        VALUES (?, ?, 'CUSTOMER_MESSAGE', 'PLAIN', 'c1', 's', 'CUSTOMER', ?, ?, 'hello', '{"id": 1}')
                        """,
                    arguments: [position, "m\(position)", 1000 * position, 2000 * position])
            }
            try db.execute(
                sql:
                    "INSERT INTO ivr_journeys (position, message_id, channel_customer_identifier, service_identifier, start_direction, menu_path, menu_count) VALUES (2, 'm2', '+41', '1218', 'INBOUND', 'Main', 1)"
            )
        }
        let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM activities ORDER BY position") }

        try ReadModelSchema.migrator.migrate(queue)

        try queue.read { db in
            #expect(try Row.fetchAll(db, sql: "SELECT * FROM activities ORDER BY position") == before)
            let indexes = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities' ORDER BY name")
            #expect(indexes == ["activities_by_channel_session", "activities_by_conversation", "activities_by_customer"])
            #expect(try db.foreignKeyViolations().map { $0 }.isEmpty)
        }
    }
}
