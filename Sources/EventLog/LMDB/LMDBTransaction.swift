import CLMDB

/// An open LMDB transaction, owned by one scope at a time: ``commit()`` consumes it, and
/// one that goes out of scope uncommitted is aborted (a read transaction always ends so).
/// Noncopyable, so that the compiler refuses a use after the commit, a second commit, or a
/// transaction kept past its scope; heed's `RwTxn::commit(self)` and GRDB's closure-scoped
/// writes give the same guarantee. It never crosses an `await`: LMDB binds write
/// transactions to their thread.
struct LMDBTransaction: ~Copyable {
    let handle: OpaquePointer

    init(environment: OpaquePointer, readOnly: Bool) throws(EventLogError) {
        var handle: OpaquePointer?
        let status = mdb_txn_begin(environment, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &handle)
        guard status == LMDBStatus.success, let handle else {
            throw LMDBStatus.error(status, readOnly ? "begin read transaction" : "begin write transaction")
        }
        self.handle = handle
    }

    deinit {
        mdb_txn_abort(handle)
    }

    /// Commits (and, unless the environment is opened with MDB_NOSYNC, syncs). LMDB frees
    /// the transaction whether the commit succeeds or not.
    consuming func commit() throws(EventLogError) {
        let handle = self.handle
        discard self
        try LMDBStatus.check(mdb_txn_commit(handle), "commit")
    }

    /// The value under `key`, handed to `body` without copying; `nil` when absent.
    func withValue<Result>(
        _ database: LMDBDatabase,
        key: [UInt8],
        _ body: (UnsafeRawBufferPointer?) throws -> Result
    ) throws -> Result {
        try key.withUnsafeBytes { keyBytes in
            var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            var value = MDB_val()
            let status = mdb_get(handle, database.handle, &keyValue, &value)
            if status == LMDBStatus.notFound { return try body(nil) }
            try LMDBStatus.check(status, "get")
            return try body(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
        }
    }

    /// Stores `value` under `key`.
    func put(_ database: LMDBDatabase, key: [UInt8], value: [UInt8], flags: Int32 = 0) throws(EventLogError) {
        let status: Int32 = key.withUnsafeBytes { keyBytes in
            value.withUnsafeBytes { valueBytes in
                var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
                var dataValue = MDB_val(mv_size: valueBytes.count, mv_data: UnsafeMutableRawPointer(mutating: valueBytes.baseAddress))
                return mdb_put(handle, database.handle, &keyValue, &dataValue, UInt32(flags))
            }
        }
        try LMDBStatus.check(status, "put")
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place.
    func putReserved(
        _ database: LMDBDatabase,
        key: [UInt8],
        count: Int,
        flags: Int32,
        fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws(EventLogError) {
        var reserved = MDB_val(mv_size: count, mv_data: nil)
        let status: Int32 = key.withUnsafeBytes { keyBytes in
            var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_put(handle, database.handle, &keyValue, &reserved, UInt32(flags | MDB_RESERVE))
        }
        try LMDBStatus.check(status, "put")
        fill(UnsafeMutableRawBufferPointer(start: reserved.mv_data, count: count))
    }

    /// Visits entries in key order from the first key ≥ `start` (or the first key), until
    /// `body` returns `false`.
    func scan(_ database: LMDBDatabase, from start: [UInt8]?, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        var cursor: OpaquePointer?
        try LMDBStatus.check(mdb_cursor_open(handle, database.handle, &cursor), "open cursor")
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var status: Int32
        if let start {
            status = start.withUnsafeBytes { startBytes in
                key = MDB_val(mv_size: startBytes.count, mv_data: UnsafeMutableRawPointer(mutating: startBytes.baseAddress))
                return mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE)
            }
        } else {
            status = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        }
        while status == LMDBStatus.success {
            let keepGoing = try body(
                UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size),
                UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
            )
            guard keepGoing else { return }
            status = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)
        }
        if status != LMDBStatus.notFound { throw LMDBStatus.error(status, "cursor read") }
    }

    /// The last key of `database`, or `nil` when it is empty.
    func lastKey(_ database: LMDBDatabase) throws(EventLogError) -> [UInt8]? {
        var cursor: OpaquePointer?
        try LMDBStatus.check(mdb_cursor_open(handle, database.handle, &cursor), "open cursor")
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        let status = mdb_cursor_get(cursor, &key, &value, MDB_LAST)
        if status == LMDBStatus.notFound { return nil }
        try LMDBStatus.check(status, "cursor last")
        return Array(UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size))
    }

    /// The number of entries in `database`.
    func count(_ database: LMDBDatabase) throws(EventLogError) -> Int {
        var stat = MDB_stat()
        try LMDBStatus.check(mdb_stat(handle, database.handle, &stat), "stat")
        return stat.ms_entries
    }

    /// Opens (creating in a write transaction) a named database.
    func openDatabase(named name: String, create: Bool) throws(EventLogError) -> LMDBDatabase {
        var dbi: MDB_dbi = 0
        try LMDBStatus.check(mdb_dbi_open(handle, name, create ? UInt32(MDB_CREATE) : 0, &dbi), "open database \(name)")
        return LMDBDatabase(handle: dbi)
    }
}
