import CNATS
import EventLog

/// An ordered consumer of the log's stream from a given sequence on: the client recreates it
/// by itself after a gap or a reconnect, so messages come in sequence order, once each.
final class StreamSubscription {
    /// One message of the stream: its sequence, subject, payload, and how many of the
    /// stream's messages follow it.
    struct Delivery {
        let sequence: LogPosition
        let subject: String
        let data: [UInt8]
        let pending: UInt64
    }

    /// How often the server sends the consumer a heartbeat when it has nothing to deliver.
    /// The client recreates the consumer after two missed ones; the follower's ``StallWatch``
    /// looks at the stream after one silent interval.
    static let heartbeat: Duration = .seconds(2)

    private let subscription: OpaquePointer

    /// Subscribes to `stream`'s `subject` from `sequence` on.
    init(stream: LogStream, from sequence: LogPosition) throws(ReplicationError) {
        var options = jsSubOptions()
        jsSubOptions_Init(&options)
        var subscription: OpaquePointer?
        let status = stream.name.withCString { name in
            options.Stream = name
            options.Ordered = true
            options.Config.DeliverPolicy = js_DeliverByStartSequence
            options.Config.OptStartSeq = sequence.rawValue
            options.Config.Heartbeat = Self.heartbeat.components.seconds * 1_000_000_000
            return js_SubscribeSync(&subscription, stream.connection.jetStream, stream.subject, nil, &options, nil)
        }
        guard status == NATS_OK, let subscription else {
            throw NATSConnection.error(status, "subscribe to stream \(stream.name) from \(sequence)")
        }
        self.subscription = subscription
    }

    deinit {
        natsSubscription_Unsubscribe(subscription)
        natsSubscription_Destroy(subscription)
    }

    /// The next message, waiting up to `milliseconds` (0: only one already received); `nil`
    /// when none came.
    ///
    /// - Throws: ``ReplicationError`` when the subscription failed (closed connection).
    func next(waitingUpTo milliseconds: Int64) throws(ReplicationError) -> Delivery? {
        var message: OpaquePointer?
        let status = natsSubscription_NextMsg(&message, subscription, milliseconds)
        defer { natsMsg_Destroy(message) }
        if status == NATS_TIMEOUT { return nil }
        guard status == NATS_OK, let message else { throw NATSConnection.error(status, "receive from the stream") }
        var metadata: UnsafeMutablePointer<jsMsgMetaData>?
        try NATSConnection.check(natsMsg_GetMetaData(&metadata, message), "read a message's stream sequence")
        defer { jsMsgMetaData_Destroy(metadata) }
        guard let metadata else { throw ReplicationError(code: .foreignStream, message: "a message of the stream carries no metadata") }
        return Delivery(
            sequence: LogPosition(metadata.pointee.Sequence.Stream),
            subject: String(cString: natsMsg_GetSubject(message)),
            data: LogStream.data(of: message),
            pending: metadata.pointee.NumPending)
    }
}
