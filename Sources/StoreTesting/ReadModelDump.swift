import GRDB

/// Every row of every read-model table as text, for comparing two builds of the same log.
public enum ReadModelDump {
    /// The tables compared (all but `projection_state`, whose `updated_at` is a clock).
    public static let tables = [
        "customers", "customer_identities", "activities", "delivery_statuses", "conversations", "channel_sessions",
        "ivr_journeys", "ivr_menu_visits", "calls", "call_activities",
    ]
    /// The full-text tables, compared by rowid and every column they index.
    public static let searchTables = ["activity_search", "customer_search"]

    /// One line per row, tables in order, rows in primary-key order.
    public static func dump(path: String) throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            var lines: [String] = []
            for table in tables {
                let primaryKey = try db.primaryKey(table).columns.joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(primaryKey)") {
                    lines.append(table + " " + row.description)
                }
            }
            for table in searchTables {
                for row in try Row.fetchAll(db, sql: "SELECT rowid, * FROM \(table) ORDER BY rowid") {
                    lines.append(table + " " + row.description)
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
