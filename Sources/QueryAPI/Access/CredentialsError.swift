/// Why a credentials operation failed.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family of the failure.
    public enum Code: String, Sendable {
        /// An account name that is empty, too long, or has characters outside `A-Z a-z 0-9 . _ -`.
        case invalidAccount
        /// A scope that is not `ingest`, `read`, `sql` or `admin`, or no scope at all.
        case invalidScopes
        /// A rate limit of zero or fewer requests per second, or a burst below 1.
        case invalidRateLimit
        /// No credential matches the account or id to revoke.
        case notFound
        /// The credentials file cannot be read or is not what this version writes.
        case unreadableFile
        /// The credentials file cannot be written.
        case writeFailed
    }

    /// The family of the failure.
    public let code: Code
    /// What happened, for people.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
