/// When a primary that replicates acknowledges a write.
public enum ReplicationMode: String, Sendable, CaseIterable {
    /// After the local sync and the stream's acknowledgement (a quorum of its replicas).
    case sync
    /// After the local sync; the stream follows.
    case async
}
