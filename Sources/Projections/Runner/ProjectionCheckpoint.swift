public import EventLog
public import GRDB

/// How far a projection has applied the log, and with which version of its code.
public struct ProjectionCheckpoint: Sendable, Hashable {
    /// The projection's version when it wrote the rows.
    public let version: Int
    /// The last applied position.
    public let position: LogPosition

    /// Every checkpoint in `db`, by projection name.
    public static func all(in db: Database) throws -> [String: ProjectionCheckpoint] {
        var result: [String: ProjectionCheckpoint] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, version, position FROM projection_state") {
            let position: Int64 = row["position"]
            result[row["name"]] = ProjectionCheckpoint(version: row["version"], position: LogPosition(UInt64(position)))
        }
        return result
    }

    static func save(_ name: String, version: Int, position: LogPosition, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO projection_state (name, version, position, updated_at) VALUES (?, ?, ?, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
                ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position, updated_at = excluded.updated_at
                """
        ).execute(arguments: [name, version, Int64(position.rawValue)])
    }
}
