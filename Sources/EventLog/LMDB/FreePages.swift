import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// LMDB never overwrites the pages a transaction frees: they keep their old bytes until a
/// later write reuses them. Erasure cannot leave them so, and overwrites them itself, with
/// the rule LMDB uses to decide a page may be reused: freed by a transaction older than
/// every reader's snapshot and than the last committed transaction (`mdb_page_alloc`).
extension LMDBTransaction {
    /// The id of this transaction (for a write transaction, the id it commits as).
    var id: UInt64 { UInt64(mdb_txn_id(handle)) }

    /// The pages of LMDB's free list freed by transactions older than `transaction` (in a
    /// read-only transaction: LMDB refuses a cursor on the free list to a write one).
    ///
    /// The free list is LMDB's database 0: key, the id of the transaction that freed the
    /// pages; value, an `MDB_IDL` (a count, then that many page numbers, each a `size_t`).
    func freePages(freedBefore transaction: UInt64 = .max) throws(EventLogError) -> [(page: Int, freedBy: UInt64)] {
        var cursor: OpaquePointer?
        try LMDBStatus.check(mdb_cursor_open(handle, 0, &cursor), "open the free list")
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var pages: [(page: Int, freedBy: UInt64)] = []
        var status = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
        while status == LMDBStatus.success {
            guard key.mv_size == MemoryLayout<Int>.size else { break }
            let freedBy = UInt64(key.mv_data.loadUnaligned(as: Int.self))
            guard freedBy < transaction else { break }
            let list = UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
            let count = list.count >= MemoryLayout<Int>.size ? list.loadUnaligned(as: Int.self) : 0
            for index in 0..<min(count, list.count / MemoryLayout<Int>.size - 1) {
                pages.append((list.loadUnaligned(fromByteOffset: (index + 1) * MemoryLayout<Int>.size, as: Int.self), freedBy))
            }
            status = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)
        }
        if status != LMDBStatus.success && status != LMDBStatus.notFound { throw LMDBStatus.error(status, "read the free list") }
        return pages
    }

    /// Removes `key` from `database`; `false` when it was not there.
    @discardableResult
    func delete(_ database: LMDBDatabase, key: [UInt8]) throws(EventLogError) -> Bool {
        let status: Int32 = key.withUnsafeBytes { keyBytes in
            var keyValue = MDB_val(mv_size: keyBytes.count, mv_data: UnsafeMutableRawPointer(mutating: keyBytes.baseAddress))
            return mdb_del(handle, database.handle, &keyValue, nil)
        }
        if status == LMDBStatus.notFound { return false }
        try LMDBStatus.check(status, "delete")
        return true
    }
}

extension LMDBEnvironment {
    /// The size of a page of the data file.
    var pageSize: Int {
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return Int(stat.ms_psize)
    }

    /// The oldest snapshot any live reader (of any process) holds, or `nil` when no reader
    /// is inside a transaction. Stale slots of dead processes should be cleared first.
    func oldestReaderSnapshot() -> UInt64? {
        final class Lines { var text = "" }
        let lines = Lines()
        _ = withExtendedLifetime(lines) {
            mdb_reader_list(
                handle,
                { message, context in
                    guard let message, let context else { return 0 }
                    Unmanaged<Lines>.fromOpaque(context).takeUnretainedValue().text += String(cString: message)
                    return 0
                }, Unmanaged.passUnretained(lines).toOpaque())
        }
        // Lines are "pid thread txnid"; a slot between transactions shows "-".
        return lines.text.split(separator: "\n").compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).last.flatMap { UInt64($0) }
        }.min()
    }

    /// The data file opened for writing, for ``UnusedSpaceScrub``; sync and close it after.
    func openDataFileForScrubbing() throws(EventLogError) -> Int32 {
        let path = directory + "/data.mdb"
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw LMDBStatus.error(errno, "open \(path) to overwrite unused space") }
        return descriptor
    }
}

/// The unused bytes of an LMDB data file: whole free pages, the gap between the node
/// pointers and the nodes of every branch and leaf page, and pages past the last one in
/// use. None of them is ever read, so they can be overwritten while readers run.
///
/// The page layout is LMDB's on-disk format (data version 1, unchanged since 0.9): a
/// 16-byte header, `mp_pgno` (u64), `mp_pad` (u16), `mp_flags` (u16), then `mp_lower` and
/// `mp_upper` (u16 each) — or, for the first page of an overflow run, its page count (u32).
struct UnusedSpaceScrub {
    private static let headerSize = 16
    private static let branchOrLeaf: UInt16 = 0x01 | 0x02
    private static let overflow: UInt16 = 0x04

    let pageSize: Int
    /// Free pages, and whether each may be overwritten (no reader can see it).
    let freePages: [Int: Bool]
    /// The last page in use.
    let lastPage: Int
    /// Pages of an overflow run still to skip, carried from one chunk to the next.
    var overflowPagesLeft = 0
    /// Bytes overwritten so far.
    private(set) var overwrittenBytes = 0

    /// The size of the file open as `descriptor`.
    static func fileSize(of descriptor: Int32) throws(EventLogError) -> Int {
        let end = lseek(descriptor, 0, SEEK_END)
        guard end >= 0 else { throw LMDBStatus.error(errno, "find the size of the log file") }
        return Int(end)
    }

    /// Overwrites the unused bytes of pages `range` of the file open as `descriptor`.
    mutating func scrub(pages range: Range<Int>, descriptor: Int32) throws(EventLogError) {
        var buffer = [UInt8](repeating: 0, count: range.count * pageSize)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(range.lowerBound * pageSize)) }
        guard read >= 0 else { throw LMDBStatus.error(errno, "read the log file to overwrite unused space") }
        let pagesRead = read / pageSize
        for index in 0..<pagesRead {
            let page = range.lowerBound + index
            let base = index * pageSize
            if overflowPagesLeft > 0 {
                overflowPagesLeft -= 1
                continue
            }
            guard page >= 2 else { continue }
            if let reusable = freePages[page] {
                if reusable { try zero(buffer, base..<base + pageSize, page: page, descriptor: descriptor) }
                continue
            }
            if page > lastPage {
                try zero(buffer, base..<base + pageSize, page: page, descriptor: descriptor)
                continue
            }
            let number = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: base, as: UInt64.self) }
            let flags = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: base + 10, as: UInt16.self) }
            guard number == UInt64(page) else { continue }
            if flags & Self.overflow != 0 {
                let count = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self) }
                overflowPagesLeft = max(0, Int(count) - 1)
            } else if flags & Self.branchOrLeaf != 0 {
                let lower = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: base + 12, as: UInt16.self) })
                let upper = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: base + 14, as: UInt16.self) })
                guard Self.headerSize <= lower, lower <= upper, upper <= pageSize else { continue }
                try zero(buffer, base + lower..<base + upper, page: page, descriptor: descriptor)
            }
        }
    }

    private mutating func zero(_ buffer: [UInt8], _ bytes: Range<Int>, page: Int, descriptor: Int32) throws(EventLogError) {
        guard buffer[bytes].contains(where: { $0 != 0 }) else { return }
        let zeros = [UInt8](repeating: 0, count: bytes.count)
        let offset = off_t(page * pageSize + bytes.lowerBound % pageSize)
        let written = zeros.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, offset) }
        guard written == bytes.count else { throw LMDBStatus.error(errno, "overwrite unused space of page \(page)") }
        overwrittenBytes += bytes.count
    }
}

extension LMDBEnvironment {
    /// The last page the latest committed transaction uses.
    var lastPageInUse: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_last_pgno
    }
}
