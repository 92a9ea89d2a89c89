import CLMDB

/// The named databases of a log environment.
struct LogDatabases: Sendable {
    /// Position (8-byte big-endian) → record.
    let events: LMDBDatabase
    /// Message id (UTF-8) → ``IDIndexEntry``.
    let ids: LMDBDatabase
    /// Settings of the store: `format_version`, `store_id`.
    let meta: LMDBDatabase

    /// The names, in the order they are opened (LMDB numbers them in that order).
    static let names = ["events", "ids", "meta"]
}

/// `MDB_APPEND` as the flag type the transaction layer takes.
let MDB_APPEND_FLAG = Int32(MDB_APPEND)

extension LMDBTransaction {
    /// The position of the last event in `events`, or ``LogPosition/start`` when it is empty.
    func lastPosition(in events: LMDBDatabase) throws(EventLogError) -> LogPosition {
        try lastKey(events).flatMap { key in key.withUnsafeBytes { LogPosition(key: $0) } } ?? .start
    }
}
