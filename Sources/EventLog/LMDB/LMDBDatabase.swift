import CLMDB

/// A named database inside the environment.
struct LMDBDatabase: Sendable {
    let handle: MDB_dbi
}
