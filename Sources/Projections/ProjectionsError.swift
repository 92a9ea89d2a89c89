/// Why a read-model operation failed.
public struct ProjectionsError: Error, Sendable, CustomStringConvertible {
    /// The family of the failure; the API maps these to status codes.
    public enum Code: String, Sendable {
        /// A parameter (cursor, filter) is not valid.
        case invalidArgument
        /// An analyst query was refused (a write, ATTACH, a PRAGMA change) or failed.
        case queryRefused
        /// An analyst query ran past its time budget.
        case queryTimedOut
        /// No customer has the id asked for.
        case customerNotFound
        /// The customer asked for was erased, and nothing of theirs came since.
        case customerErased
        /// The read models have not caught up with the log in time; retry.
        case notCaughtUp
        /// SQLite or the file system failed.
        case storageFailure
    }

    /// The family of the failure.
    public let code: Code
    /// A sentence for the client (for `invalidArgument`, `queryRefused`) or for
    /// logs (for `storageFailure`).
    public let message: String
    /// The parameter concerned, for `invalidArgument`.
    public let field: String?

    /// Creates an error.
    public init(code: Code, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
