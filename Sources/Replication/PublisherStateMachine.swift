public import EventLog

/// The decisions of a ``LogPublisher``, with no I/O: when to reconcile with the stream, what
/// a reconciliation finds (resume, or fenced for good), what the publishing loop does next,
/// and whether a write is admitted. The publisher reads the log and the stream and feeds the
/// facts in; this says what they mean. Tested without nats-server (`PublisherStateMachineTests`).
struct PublisherStateMachine: Sendable {
    /// Where the publisher is.
    enum Phase: Sendable, Equatable {
        /// Not yet compared with the stream: writes are refused until the first comparison.
        case starting
        /// Interrupted (the stream refused a record, stopped answering, or could not be
        /// reached); the next step compares the log with the stream again.
        case reconciling
        /// Publishing; the stream holds or is sent everything through `published`.
        case publishing(published: LogPosition)
        /// Another primary has taken over the stream: every write is refused, for good.
        case fenced(message: String, streamHead: LogPosition, logHead: LogPosition)
    }

    /// What a reconciliation decided.
    enum Reconciliation: Sendable, Equatable {
        /// Publish the log after `from` (the stream's head).
        case resume(from: LogPosition)
        /// Fenced: another primary wrote the stream. The stream is known to hold this log
        /// through `replicatedThrough` when the records there agree.
        case fence(replicatedThrough: LogPosition?)
    }

    /// What the publishing loop does next.
    enum Step: Sendable, Equatable {
        /// Nothing to do but wait (fenced).
        case idle
        /// Compare the log with the stream.
        case reconcile
        /// Drop what is in flight and reconcile: the stream refused a record or went silent.
        case interrupt(reason: String)
        /// Read the log after `after` and publish it.
        case publish(after: LogPosition)
    }

    /// The stream's name, for messages.
    let stream: String
    /// How long records in flight may go without any acknowledgement.
    let acknowledgementTimeout: Duration
    private(set) var phase: Phase = .starting
    /// The last problem met, for `/healthz`.
    private(set) var detail: String?

    init(stream: String, acknowledgementTimeout: Duration) {
        self.stream = stream
        self.acknowledgementTimeout = acknowledgementTimeout
    }

    /// The state `/healthz` shows.
    var state: ReplicationStatus.State {
        switch phase {
        case .starting: .starting
        case .reconciling: .unreachable
        case .publishing: .streaming
        case .fenced: .fenced
        }
    }

    /// The error that refuses a write now, if any: fenced, or not yet compared with the stream.
    var refusal: ReplicationError? {
        switch phase {
        case .fenced(let message, let streamHead, let logHead):
            return ReplicationError(code: .fenced, message: message, streamHead: streamHead, logHead: logHead)
        case .starting:
            return ReplicationError(
                code: .unreachable,
                message:
                    "This primary has not yet compared its log with the stream \(stream)\(detail.map { " (\($0))" } ?? ""); nothing was stored. Retry shortly."
            )
        case .reconciling, .publishing:
            return nil
        }
    }

    /// The loop's next step, given how the acknowledgements stand: the stream's refusal of a
    /// record (if any), how long since the last acknowledgement, and the last position the
    /// stream acknowledged.
    func nextStep(acknowledgementFailure: String?, sinceLastAcknowledgement: Duration, replicated: LogPosition) -> Step {
        switch phase {
        case .fenced: return .idle
        case .starting, .reconciling: return .reconcile
        case .publishing(let published):
            if let acknowledgementFailure { return .interrupt(reason: acknowledgementFailure) }
            if published > replicated, sinceLastAcknowledgement > acknowledgementTimeout {
                return .interrupt(reason: "no acknowledgement from the stream within \(acknowledgementTimeout)")
            }
            return .publish(after: published)
        }
    }

    /// How long the loop waits when the log has nothing after what it published: briefly
    /// while acknowledgements are awaited, else until a new append wakes it.
    func idleWait(replicated: LogPosition) -> Duration {
        if case .publishing(let published) = phase, published > replicated { return .milliseconds(20) }
        return .seconds(1)
    }

    /// Records through `position` were sent.
    mutating func published(through position: LogPosition) {
        guard case .publishing = phase else { return }
        phase = .publishing(published: position)
    }

    /// Compares the log with the stream. `sameRecord(position)` says whether the stream's
    /// record at `position` is this log's (on the log's subject, with the same bytes).
    ///
    /// - The stream is ahead of the log: another primary wrote it (a promoted replica's
    ///   promotion record, at least): fenced.
    /// - The stream's last record differs from the log's there: fenced.
    /// - Otherwise: publish from the stream's head on.
    mutating func reconcile(
        streamHead: LogPosition, logHead: LogPosition, sameRecord: (LogPosition) throws(ReplicationError) -> Bool
    ) throws(ReplicationError) -> Reconciliation {
        if streamHead > logHead {
            let agreed = logHead > .start ? try sameRecord(logHead) : false
            fence(
                "the stream \(stream) is ahead of this log (stream head \(streamHead), log head \(logHead)): another primary has taken over",
                streamHead: streamHead, logHead: logHead)
            return .fence(replicatedThrough: agreed ? logHead : nil)
        }
        if streamHead > .start, try !sameRecord(streamHead) {
            fence(
                "the stream \(stream) holds a different record at position \(streamHead) than this log (stream head \(streamHead), log head \(logHead)): another primary has taken over",
                streamHead: streamHead, logHead: logHead)
            return .fence(replicatedThrough: nil)
        }
        phase = .publishing(published: streamHead)
        detail = nil
        return .resume(from: streamHead)
    }

    /// Publishing or reconciling failed with `error`; the next step reconciles. Returns
    /// whether the problem is new (to be logged once, not at every retry).
    mutating func failed(_ error: ReplicationError) -> Bool {
        if case .fenced = phase { return false }
        if phase != .starting { phase = .reconciling }
        defer { detail = error.message }
        return detail != error.message
    }

    private mutating func fence(_ message: String, streamHead: LogPosition, logHead: LogPosition) {
        let sentence = "This primary refuses writes: \(message). It keeps serving reads."
        phase = .fenced(message: sentence, streamHead: streamHead, logHead: logHead)
        detail = sentence
    }
}
