import Dispatch
public import EventLog
import Foundation
public import GRDB
import GRDBSQLite

/// Runs an analyst's SQL against the read models, read-only by construction:
///
/// - the current generation is opened `SQLITE_OPEN_READONLY` with `PRAGMA query_only`;
/// - an SQLite authorizer allows only reading (SELECT, reads, functions, recursive CTEs,
///   the read transaction around them and a list of introspection pragmas such as
///   `table_info`) and denies everything else: writes, schema changes, ATTACH/DETACH,
///   savepoints, pragma changes;
/// - ATTACH is also limited to zero databases;
/// - a query is interrupted when it runs past `timeout`, and at most `maximumRows` rows
///   are returned (the result says when it was cut).
public struct SQLRunner: Sendable {
    /// Bounds of one query.
    public struct Limits: Sendable {
        /// Rows returned at most.
        public var maximumRows: Int
        /// Time allowed.
        public var timeout: Duration

        /// Creates limits.
        public init(maximumRows: Int = 10_000, timeout: Duration = .seconds(10)) {
            self.maximumRows = maximumRows
            self.timeout = timeout
        }
    }

    /// What a query returned besides its rows.
    public struct Summary: Sendable {
        /// Rows returned.
        public let rows: Int
        /// `true` when more rows existed than ``Limits/maximumRows``.
        public let truncated: Bool
    }

    let path: String
    let limits: Limits

    /// A runner over the current read models of `layout`.
    public init(layout: StoreLayout, limits: Limits = Limits()) {
        self.path = layout.projectionsLink
        self.limits = limits
    }

    /// Runs `sql`, calling `columns` once with the column names, then `row` for each row.
    ///
    /// - Throws: ``ProjectionsError`` with ``ProjectionsError/Code/queryRefused`` for a
    ///   refused or failing statement, ``ProjectionsError/Code/queryTimedOut`` past the time
    ///   budget.
    public func run(_ sql: String, columns: ([String]) throws -> Void, row: ([DatabaseValue]) throws -> Void) throws -> Summary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProjectionsError(code: .queryRefused, message: "there are no read models at \(path) yet: run serve or rebuild first")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA query_only = 1")
            sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_ATTACHED, 0)
            sqlite3_set_authorizer(db.sqliteConnection, readOnlyAuthorizer, nil)
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let timedOut = TimeoutFlag()
        let timer = DispatchWorkItem {
            timedOut.set()
            queue.interrupt()
        }
        let seconds = Double(limits.timeout.components.seconds) + Double(limits.timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        defer { timer.cancel() }
        do {
            return try queue.read { db in
                let statements = try db.allStatements(sql: sql)
                guard let statement = try statements.next() else {
                    throw ProjectionsError(code: .queryRefused, message: "the query is empty")
                }
                guard try statements.next() == nil else {
                    throw ProjectionsError(code: .queryRefused, message: "give one statement at a time")
                }
                try columns(statement.columnNames)
                let cursor = try Row.fetchCursor(statement)
                var count = 0
                while let next = try cursor.next() {
                    if count == limits.maximumRows { return Summary(rows: count, truncated: true) }
                    try row(next.databaseValues.map { $0 })
                    count += 1
                }
                return Summary(rows: count, truncated: false)
            }
        } catch let error as DatabaseError where timedOut.isSet || error.resultCode == .SQLITE_INTERRUPT {
            throw ProjectionsError(code: .queryTimedOut, message: "the query ran longer than \(limits.timeout) and was stopped")
        } catch let error as DatabaseError {
            throw Self.refusal(error)
        }
    }

    private static func refusal(_ error: DatabaseError) -> ProjectionsError {
        if error.resultCode == .SQLITE_AUTH {
            return ProjectionsError(
                code: .queryRefused,
                message: "only reading is allowed: writes, schema changes, ATTACH and PRAGMA changes are refused"
            )
        }
        return ProjectionsError(code: .queryRefused, message: error.message ?? "the query failed")
    }
}

/// Pragmas that describe a table or index named in their argument.
private let describingPragmas: Set<String> = [
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
]

/// Pragmas that may be read (with no value) but would change something if given one.
private let readablePragmas: Set<String> = [
    "schema_version", "user_version", "query_only", "database_list", "function_list", "pragma_list", "collation_list",
    "data_version", "compile_options",
]

private let readOnlyAuthorizer:
    @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?
    ) -> Int32 = { _, action, first, second, _, _ in
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE, SQLITE_TRANSACTION:
            return SQLITE_OK
        case SQLITE_UPDATE:
            // Table-valued functions (json_each, json_tree) declare their schema through what
            // SQLite reports as an update of sqlite_master; nothing is written (the connection
            // is read-only and query_only), and no other update is allowed.
            guard let first else { return SQLITE_DENY }
            let table = String(cString: first)
            return table == "sqlite_master" || table == "sqlite_temp_master" ? SQLITE_OK : SQLITE_DENY
        case SQLITE_PRAGMA:
            guard let first else { return SQLITE_DENY }
            let name = String(cString: first).lowercased()
            if describingPragmas.contains(name) || (second == nil && readablePragmas.contains(name)) { return SQLITE_OK }
            return SQLITE_DENY
        default:
            return SQLITE_DENY
        }
    }

/// Set once by the timer, read by the query's error path.
private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
