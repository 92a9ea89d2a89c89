import GRDB
import GRDBSQLite

/// A value bound to one parameter of a ``RawStatement``.
enum SQLParameter {
    /// Text, or NULL when `nil`.
    case text(String?)
    /// An integer, or NULL when `nil`.
    case integer(Int64?)
    /// Text already encoded as UTF-8 (a message exactly as the log holds it).
    case utf8([UInt8])
}

/// One row of a ``RawStatement``'s result, read by column index.
struct RawRow {
    fileprivate let handle: OpaquePointer

    /// The column as text, `nil` when NULL.
    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: bytes)
    }

    /// The column as an integer, `nil` when NULL.
    func integer(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}

/// A cached statement bound and stepped through SQLite's C API, inside the caller's GRDB
/// transaction. The projections run several statements per event, and GRDB's
/// `StatementArguments` box every value: at rebuild rates the boxing cost more than
/// SQLite's own work. Only the binding is lower level; the connection, the statement cache
/// and the transaction are GRDB's.
struct RawStatement {
    private let statement: Statement

    /// Prepares (or reuses) the statement for `sql`.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// Runs the statement to completion with `parameters` bound to `?1`…`?n`.
    func execute(_ parameters: [SQLParameter]) throws {
        try run(parameters) { _ in false }
    }

    /// The first row, read by `read`; `nil` when there is none.
    func fetchOne<Value>(_ parameters: [SQLParameter], _ read: (RawRow) -> Value) throws -> Value? {
        var value: Value?
        try run(parameters) { row in
            value = read(row)
            return false
        }
        return value
    }

    /// Every row, each read by `read`.
    func fetchAll<Value>(_ parameters: [SQLParameter], _ read: (RawRow) -> Value) throws -> [Value] {
        var values: [Value] = []
        try run(parameters) { row in
            values.append(read(row))
            return true
        }
        return values
    }

    private func run(_ parameters: [SQLParameter], onRow: (RawRow) -> Bool) throws {
        // Encoded text (a 1 KB message) is bound without a copy, so the statement must run
        // while its bytes are borrowed.
        for (offset, parameter) in parameters.enumerated() {
            if case .utf8(let bytes) = parameter {
                return try bytes.withUnsafeBufferPointer { borrowed in
                    try step(parameters, borrowing: (Int32(offset + 1), borrowed), onRow: onRow)
                }
            }
        }
        try step(parameters, borrowing: nil, onRow: onRow)
    }

    private func step(
        _ parameters: [SQLParameter], borrowing borrowed: (index: Int32, bytes: UnsafeBufferPointer<UInt8>)?, onRow: (RawRow) -> Bool
    ) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            if let borrowed, borrowed.index == index {
                try check(Self.bindText(borrowed.bytes, at: index, in: handle, copying: false), handle)
            } else {
                try check(bind(parameter, at: index, in: handle), handle)
            }
        }
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            try check(status == SQLITE_ROW ? SQLITE_OK : status, handle)
            guard onRow(RawRow(handle: handle)) else { return }
        }
    }

    private func bind(_ parameter: SQLParameter, at index: Int32, in handle: OpaquePointer) -> Int32 {
        switch parameter {
        case .text(nil), .integer(nil):
            return sqlite3_bind_null(handle, index)
        case .integer(let value?):
            return sqlite3_bind_int64(handle, index, value)
        case .text(var value?):
            return value.withUTF8 { bytes in Self.bindText(bytes, at: index, in: handle, copying: true) }
        case .utf8(let bytes):
            return bytes.withUnsafeBufferPointer { bytes in Self.bindText(bytes, at: index, in: handle, copying: true) }
        }
    }

    /// Binds UTF-8 bytes; without `copying`, SQLite reads them in place, so they must stay
    /// valid until the statement is reset.
    private static func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32, in handle: OpaquePointer, copying: Bool) -> Int32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, transient) }
        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            sqlite3_bind_text(handle, index, $0, Int32(bytes.count), copying ? transient : nil)
        }
    }

    private func check(_ status: Int32, _ handle: OpaquePointer) throws {
        guard status != SQLITE_OK else { return }
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        throw DatabaseError(resultCode: ResultCode(rawValue: status), message: message, sql: statement.sql)
    }

    /// Tells SQLite to copy bound bytes (they need to live only as long as the call).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
