import CLMDB

/// LMDB return codes the log reacts to.
enum LMDBStatus {
    static let success: Int32 = 0
    static let notFound: Int32 = MDB_NOTFOUND
    static let mapFull: Int32 = MDB_MAP_FULL
    static let mapResized: Int32 = MDB_MAP_RESIZED
    static let noSpace: Int32 = 28  // ENOSPC
    static let quotaExceeded: Int32 = 122  // EDQUOT
    static let inputOutput: Int32 = 5  // EIO; LMDB's answer to a short write

    /// Turns a non-zero status into the log's error, naming the operation.
    static func error(_ status: Int32, _ operation: String) -> EventLogError {
        let text = String(cString: mdb_strerror(status))
        if status == noSpace || status == quotaExceeded {
            return EventLogError(code: .diskFull, message: "\(operation): no space left on the device", status: status)
        }
        return EventLogError(code: .storageFailure, message: "\(operation): \(text)", status: status)
    }

    /// Throws for a non-zero status.
    static func check(_ status: Int32, _ operation: String) throws(EventLogError) {
        if status != success { throw error(status, operation) }
    }
}
