import GRDB
import Projections

/// Every row of every read-model table as text, for comparing two builds of the same log.
public enum ReadModelDump {
    /// The tables compared: every table a projection owns, in application order (so a new
    /// table is compared as soon as its projection declares it). `projection_state` is left
    /// out: its `updated_at` is a clock.
    public static var tables: [String] { StoreProjections.all.flatMap(\.tables) }

    /// One line per row, tables in order, rows in primary-key order (full-text tables by rowid,
    /// with every column they index).
    public static func dump(path: String) throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            var lines: [String] = []
            for table in tables {
                let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]) ?? ""
                let query =
                    definition.hasPrefix("CREATE VIRTUAL TABLE")
                    ? "SELECT rowid, * FROM \(table) ORDER BY rowid"
                    : "SELECT * FROM \(table) ORDER BY \(try db.primaryKey(table).columns.joined(separator: ", "))"
                for row in try Row.fetchAll(db, sql: query) {
                    lines.append(table + " " + row.description)
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
