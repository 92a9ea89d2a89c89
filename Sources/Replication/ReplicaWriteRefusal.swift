public import EventLog
public import Ingest

/// The write path's gate on a read replica: every write is refused before anything is
/// written, with a problem that says where writes go instead.
public struct ReplicaWriteRefusal: AcknowledgementGate {
    /// The stream the replica follows.
    public let stream: String

    /// A refusal naming the followed stream.
    public init(stream: String) {
        self.stream = stream
    }

    public func admit() throws {
        throw ReplicationError(
            code: .readOnlyReplica,
            message: "This is a read replica of stream \(stream): it takes no writes. Send them to the primary.")
    }

    public func acknowledge(through position: LogPosition) async throws {}
}
