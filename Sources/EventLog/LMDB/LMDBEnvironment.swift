import CLMDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One LMDB environment (a directory holding `data.mdb` and `lock.mdb`).
///
/// Read transactions are short and may run on any thread (the environment is opened with
/// `MDB_NOTLS`); the single write transaction belongs to the log's writer thread. The map
/// grows by doubling when a write finds it full.
final class LMDBEnvironment: @unchecked Sendable {
    /// The environment handle; replaced only by ``reopen(databases:)``, under the gate.
    nonisolated(unsafe) private(set) var handle: OpaquePointer
    let directory: String
    private let flags: UInt32
    private let maxReaders: UInt32
    private let gate = ReadersWriterGate()
    /// Set by ``close()`` under the gate; a read after it throws instead of touching freed
    /// memory.
    nonisolated(unsafe) private var isClosed = false
    /// Bytes read or written through the map since its pages were last released.
    private let mapTraffic = Atomic<Int>(0)
    /// How much map traffic releases the mapped pages (see ``noteMapTraffic(_:)``).
    private let residentMapBytes: Int

    init(directory: String, mapSize: Int, syncOnCommit: Bool, residentMapBytes: Int, maxReaders: UInt32 = 512) throws(EventLogError) {
        var flags = UInt32(MDB_NOTLS)
        if !syncOnCommit { flags |= UInt32(MDB_NOSYNC) }
        self.handle = try Self.open(directory: directory, mapSize: mapSize, flags: flags, maxReaders: maxReaders)
        self.directory = directory
        self.flags = flags
        self.maxReaders = maxReaders
        self.residentMapBytes = residentMapBytes
    }

    private static func open(directory: String, mapSize: Int, flags: UInt32, maxReaders: UInt32) throws(EventLogError) -> OpaquePointer {
        var created: OpaquePointer?
        try LMDBStatus.check(mdb_env_create(&created), "create environment")
        guard let handle = created else { throw EventLogError(code: .storageFailure, message: "mdb_env_create returned no handle") }
        do {
            try LMDBStatus.check(mdb_env_set_maxdbs(handle, 4), "set max databases")
            try LMDBStatus.check(mdb_env_set_maxreaders(handle, maxReaders), "set max readers")
            try LMDBStatus.check(mdb_env_set_mapsize(handle, mapSize), "set map size")
            try LMDBStatus.check(mdb_env_open(handle, directory, flags, 0o640), "open environment at \(directory)")
        } catch {
            mdb_env_close(handle)
            throw error
        }
        return handle
    }

    /// Closes and reopens the environment, once no transaction of this process is open, and
    /// opens `databases` again (LMDB gives them the same handles when opened in the same
    /// order). This drops LMDB's cache of page buffers: it reuses them for new pages
    /// without clearing them, so their old bytes would otherwise reach the unused part of
    /// pages written later. Erasure calls this before it overwrites that unused space.
    func reopen(databases: [String]) throws(EventLogError) {
        let outcome: EventLogError? = gate.exclusive {
            guard !isClosed else { return EventLogError(code: .closed, message: "the event log is closed") }
            do throws(EventLogError) {
                let mapSize = mapSize(of: handle)
                mdb_env_close(handle)
                handle = try Self.open(directory: directory, mapSize: mapSize, flags: flags, maxReaders: maxReaders)
                let transaction = try LMDBTransaction(environment: handle, readOnly: true)
                for name in databases { _ = try transaction.openDatabase(named: name, create: false) }
                try transaction.commit()
                return nil
            } catch {
                isClosed = true
                return error
            }
        }
        if let outcome { throw outcome }
    }

    /// Clears reader slots left by processes that died; returns how many were cleared.
    func clearStaleReaders() -> Int32 {
        gate.shared {
            guard !isClosed else { return 0 }
            var dead: Int32 = 0
            mdb_reader_check(handle, &dead)
            return dead
        }
    }

    /// Runs `body` in a read transaction, which ends with it.
    func read<Result>(_ body: (borrowing LMDBTransaction) throws -> Result) throws -> Result {
        while true {
            let outcome: Result? = try gate.shared {
                guard !isClosed else { throw EventLogError(code: .closed, message: "the event log is closed") }
                let transaction: LMDBTransaction
                do {
                    transaction = try LMDBTransaction(environment: handle, readOnly: true)
                } catch let error as EventLogError where error.status == LMDBStatus.mapResized {
                    return nil
                }
                return try body(transaction)
            }
            if let outcome { return outcome }
            try adoptMapSizeGrownElsewhere()
        }
    }

    /// Runs `body`, which opens write transactions, holding the gate shared: a growth of
    /// the map or a reopen waits for it (LMDB refuses to resize while this process has a
    /// write transaction open, and a reopen replaces the handle).
    func writing<Value>(_ body: () throws(EventLogError) -> Value) throws(EventLogError) -> Value {
        let outcome: Swift.Result<Value, EventLogError>? = gate.shared {
            guard !isClosed else { return nil }
            do throws(EventLogError) { return .success(try body()) } catch { return .failure(error) }
        }
        guard let outcome else { throw EventLogError(code: .closed, message: "the event log is closed") }
        return try outcome.get()
    }

    /// Runs `body` with a new write transaction, inside ``writing(_:)``. `body` owns it: it
    /// commits it, or lets it go and every change is aborted. An error that is not the
    /// log's own becomes a storage failure.
    func writeTransaction<Value>(_ body: (consuming LMDBTransaction) throws -> Value) throws(EventLogError) -> Value {
        try writing { () throws(EventLogError) -> Value in
            let transaction = try beginWrite()
            do {
                return try body(transaction)
            } catch let error as EventLogError {
                throw error
            } catch {
                throw EventLogError(code: .storageFailure, message: "\(error)")
            }
        }
    }

    /// Begins a write transaction; call it inside ``writing(_:)``.
    func beginWrite() throws(EventLogError) -> LMDBTransaction {
        do {
            return try LMDBTransaction(environment: handle, readOnly: false)
        } catch  where error.status == LMDBStatus.mapResized {
            try adoptMapSizeGrownElsewhere()
            return try LMDBTransaction(environment: handle, readOnly: false)
        }
    }

    /// Doubles the map. No transaction of this process may be open: the gate waits for
    /// readers, and the writer calls this only between its transactions.
    func grow() throws(EventLogError) {
        let (status, newSize): (Int32, Int) = gate.exclusive {
            let newSize = mapSize(of: handle) * 2
            return (mdb_env_set_mapsize(handle, newSize), newSize)
        }
        try LMDBStatus.check(status, "grow map to \(newSize) bytes")
    }

    /// The map size in force.
    var currentMapSize: Int {
        gate.shared { isClosed ? 0 : mapSize(of: handle) }
    }

    private func mapSize(of handle: OpaquePointer) -> Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    private func adoptMapSizeGrownElsewhere() throws(EventLogError) {
        let status = gate.exclusive { mdb_env_set_mapsize(handle, 0) }
        try LMDBStatus.check(status, "adopt map size")
    }

    /// Bytes available to this process on the file system holding the environment, or
    /// `nil` when it cannot be told.
    func availableBytes() -> Int? {
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return nil }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Counts `bytes` read or written through the map, and every `residentMapBytes` bytes
    /// drops this process's mapping of the map's pages.
    ///
    /// Every page a process touches in LMDB's read-only shared map stays in its resident
    /// set, so without this a rebuild's or a long-running server's RSS would grow with the
    /// log. The pages stay in the page cache: the next access is a minor fault, not a read.
    /// Never call this inside ``read(_:)``'s body (it takes the gate).
    func noteMapTraffic(_ bytes: Int) {
        let total = mapTraffic.add(bytes, ordering: .relaxed).newValue
        guard total >= residentMapBytes else { return }
        mapTraffic.store(0, ordering: .relaxed)
        releaseMappedPages()
    }

    /// Drops this process's mapping of the map's pages (under the gate, so that the map is
    /// not replaced by a growth meanwhile).
    func releaseMappedPages() {
        let dataFile = directory + "/data.mdb"
        guard let resolved = realpath(dataFile, nil) else { return }
        let path = String(cString: resolved)
        free(resolved)
        gate.shared {
            guard !isClosed else { return }
            for range in ProcessMappings.ranges(ofFile: path) {
                madvise(range.start, range.length, MADV_DONTNEED)
            }
        }
    }

    /// Writes a compacted copy of the environment (its last committed state, free pages left
    /// out) into the existing, empty directory `target`, while writers go on.
    func copyCompacted(to target: String) throws(EventLogError) {
        let status: Int32? = gate.shared {
            guard !isClosed else { return nil }
            return mdb_env_copy2(handle, target, UInt32(MDB_CP_COMPACT))
        }
        guard let status else { throw EventLogError(code: .closed, message: "the event log is closed") }
        try LMDBStatus.check(status, "copy the environment to \(target)")
    }

    /// Forces a sync of everything committed (used by the relaxed mode).
    func sync() throws(EventLogError) {
        try writing { () throws(EventLogError) in try LMDBStatus.check(mdb_env_sync(handle, 1), "sync") }
    }

    /// Closes the environment; waits for running readers first, and reads after it throw
    /// ``EventLogError/Code/closed``.
    func close() {
        gate.exclusive {
            guard !isClosed else { return }
            isClosed = true
            mdb_env_close(handle)
        }
    }
}
