public import EventLog

/// Why replication refused or failed something. The API maps these to responses: every one
/// that refuses a write is a `503`, since the same request succeeds against a writable,
/// replicated primary.
public struct ReplicationError: Error, Sendable, CustomStringConvertible {
    /// The family of the failure.
    public enum Code: String, Sendable {
        /// The NATS servers could not be reached or refused a request.
        case unreachable
        /// The stream exists but is not a log this store can follow or extend: other
        /// subjects, a record that does not decode, a sequence gap.
        case foreignStream
        /// Another primary has taken over the stream: this one refuses every write.
        case fenced
        /// An appended event was not acknowledged by the stream within the wait; it stays in
        /// the log and is published as soon as the stream is back.
        case notReplicated
        /// This process is a read replica: it takes no writes.
        case readOnlyReplica
    }

    /// The family of the failure.
    public let code: Code
    /// A sentence for operators and clients.
    public let message: String
    /// The stream's last sequence, when it is known.
    public let streamHead: LogPosition?
    /// This log's head, when it matters.
    public let logHead: LogPosition?

    /// Creates an error.
    public init(code: Code, message: String, streamHead: LogPosition? = nil, logHead: LogPosition? = nil) {
        self.code = code
        self.message = message
        self.streamHead = streamHead
        self.logHead = logHead
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
