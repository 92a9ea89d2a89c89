/// Why the event log could not do what was asked.
///
/// Storage details (LMDB return codes) are kept for logs, never for HTTP bodies.
public struct EventLogError: Error, Sendable, CustomStringConvertible {
    /// The family of the failure; the API maps these to status codes.
    public enum Code: String, Sendable {
        /// The message id is already in the log with different content.
        case idConflict
        /// The disk (or the file system holding the store) is full; nothing was written.
        case diskFull
        /// The log is closed or closing.
        case closed
        /// The store was written by an incompatible version of the record format.
        case incompatibleFormat
        /// A record failed its checksum or could not be decoded.
        case corruptRecord
        /// Any other failure of the storage engine.
        case storageFailure
    }

    /// The family of the failure.
    public let code: Code
    /// A sentence for logs and operators.
    public let message: String
    /// The position concerned: the existing event for ``Code/idConflict``, the damaged
    /// record for ``Code/corruptRecord``.
    public let position: LogPosition?
    /// The LMDB (or errno) status behind a storage failure.
    public let status: Int32?

    /// Creates an error.
    public init(code: Code, message: String, position: LogPosition? = nil, status: Int32? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.status = status
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let position { text += " (position \(position))" }
        if let status { text += " [status \(status)]" }
        return text
    }
}
