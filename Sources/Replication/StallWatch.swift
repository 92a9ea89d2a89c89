/// Decides when a replica's consumer has gone silent: a plain value with no I/O, told what the
/// follower's loop sees (deliveries, idle waits, the connection's state) and answering what
/// the loop must do next.
///
/// The C client's ordered consumer recreates itself after missed heartbeats, but not always:
/// when the node holding it dies under load it can stay silent for tens of seconds while the
/// stream moves on. So the follower does not trust it: once nothing has arrived for longer
/// than the consumer's heartbeat, it asks the stream for its last sequence, and when the
/// stream is ahead of the log it recreates the consumer from the log's head + 1.
struct StallWatch {
    /// What the follower does after an idle wait.
    enum Action: Equatable {
        /// Nothing: keep waiting for deliveries.
        case wait
        /// The connection to every server was just lost: say so (the client reconnects by
        /// itself meanwhile).
        case reportDisconnected
        /// The connection is back: say so; silence is counted from now.
        case reportReconnected
        /// Nothing came for longer than a heartbeat: read the stream's last sequence and pass
        /// it to ``checked(streamHead:logHead:)``.
        case checkStream
    }

    /// What a check of the stream's last sequence found.
    enum Verdict: Equatable {
        /// The log holds everything the stream holds: silence is just an idle stream.
        case caughtUp
        /// The stream is `behind` events ahead of the log and nothing came: recreate the
        /// consumer from the log's head + 1.
        case stalled(behind: UInt64)
    }

    /// The longest silence taken as normal: the consumer's heartbeat interval.
    let heartbeat: Duration
    private var quietSince: ContinuousClock.Instant
    private var disconnected = false

    /// A watch that starts counting silence at `now`.
    init(heartbeat: Duration, now: ContinuousClock.Instant) {
        self.heartbeat = heartbeat
        self.quietSince = now
    }

    /// Whether the connection was lost at the last idle wait.
    var isDisconnected: Bool { disconnected }

    /// Messages arrived (or a consumer was just created) at `now`: silence starts over.
    mutating func received(at now: ContinuousClock.Instant) {
        quietSince = now
    }

    /// An idle wait ended at `now` with nothing received, the connection up or not.
    mutating func idle(at now: ContinuousClock.Instant, connected: Bool) -> Action {
        if !connected {
            defer { disconnected = true }
            return disconnected ? .wait : .reportDisconnected
        }
        if disconnected {
            disconnected = false
            quietSince = now
            return .reportReconnected
        }
        guard now - quietSince > heartbeat else { return .wait }
        quietSince = now
        return .checkStream
    }

    /// What the stream's last sequence, read after ``Action/checkStream``, means for a log
    /// whose head is `logHead`.
    func checked(streamHead: UInt64, logHead: UInt64) -> Verdict {
        streamHead > logHead ? .stalled(behind: streamHead - logHead) : .caughtUp
    }
}
