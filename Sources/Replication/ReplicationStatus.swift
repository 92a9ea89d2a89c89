public import EventLog

/// How replication stands, for `/healthz` and `/metrics`.
public struct ReplicationStatus: Sendable {
    /// Which side of the stream this process is on.
    public enum Role: String, Sendable {
        /// It appends to the log and publishes to the stream.
        case primary
        /// It follows the stream into its own log.
        case replica
    }

    /// What replication is doing.
    public enum State: String, Sendable {
        /// Connecting or reconciling with the stream.
        case starting
        /// Publishing (a primary) or following (a replica).
        case streaming
        /// The stream cannot be reached; a primary keeps the backlog and publishes it later.
        case unreachable
        /// A replica reaches no NATS server at all: it goes on serving what its log holds and
        /// reconnects by itself.
        case disconnected
        /// Another primary took over the stream: this one takes no writes.
        case fenced
        /// A replica that stopped on a stream it must not follow.
        case stopped
    }

    /// Which side of the stream this process is on.
    public var role: Role
    /// The acknowledgement mode (primary only).
    public var mode: ReplicationMode?
    /// What replication is doing.
    public var state: State
    /// The stream's name.
    public var stream: String
    /// The last position known to be in the stream.
    public var replicated: LogPosition
    /// Events of the log not in the stream yet (primary), or of the stream not in the log
    /// yet (replica).
    public var lagEvents: UInt64
    /// How long the oldest of those has waited, in seconds.
    public var lagSeconds: Double
    /// The last problem met, when there is one.
    public var detail: String?
}

/// Something that can tell how replication stands.
public protocol ReplicationStatusSource: Sendable {
    /// How replication stands now.
    var status: ReplicationStatus { get }
}
