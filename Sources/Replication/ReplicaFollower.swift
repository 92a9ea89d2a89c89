import Dispatch
public import EventLog
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// A read replica's side of replication: follows the stream from its log's head + 1 into its
/// own log, record by record, at the same positions and with the same bytes.
///
/// It writes nothing it cannot vouch for: a message on another subject, a sequence that is
/// not the next position, a record that fails its checksum or claims another position, a
/// message id already in the log, or a log that does not match the stream where both have
/// records, each stop it with a ``ReplicationError/Code/foreignStream`` error, the log left
/// as it was before that message.
public final class ReplicaFollower: ReplicationStatusSource, Service {
    private struct Shared {
        var state: ReplicationStatus.State = .starting
        var detail: String?
        var trailing: UInt64 = 0
        var stopping = false
    }

    /// The records written in one transaction, at most.
    static let batchSize = 1000

    private let log: EventLog
    private let streamName: String
    private let logger: Logger
    private let connection: NATSConnection
    private let stream: LogStream
    private let shared = Mutex(Shared())

    /// Connects to `servers` (in the background when none answers yet); following starts
    /// with ``run()`` or ``catchUp()``.
    public init(log: EventLog, servers: [String], stream: String, logger: Logger) throws(ReplicationError) {
        self.log = log
        self.streamName = stream
        self.logger = logger
        self.connection = try NATSConnection(servers: servers, name: "cxstore replica \(log.storeID)")
        self.stream = LogStream(name: stream, connection: connection)
    }

    public var status: ReplicationStatus {
        let snapshot = shared.withLock { $0 }
        return ReplicationStatus(
            role: .replica, mode: nil, state: snapshot.state, stream: streamName, replicated: log.head, lagEvents: snapshot.trailing,
            lagSeconds: 0, detail: snapshot.detail)
    }

    /// Follows the stream until graceful shutdown.
    ///
    /// - Throws: ``ReplicationError`` when the stream is not one this log may follow.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await follow(until: nil)
        } onGracefulShutdown: {
            self.shared.withLock { $0.stopping = true }
        }
        connection.close()
    }

    /// Follows the stream until the log holds everything the stream held when this was
    /// called (a replica being promoted), then returns the new head.
    public func catchUp() async throws -> LogPosition {
        let target = try await onThread { [self] () throws(ReplicationError) -> LogPosition in
            while true {
                do throws(ReplicationError) {
                    guard let state = try stream.inspect() else {
                        throw ReplicationError(code: .foreignStream, message: "stream \(streamName) does not exist")
                    }
                    return state.lastSequence
                } catch  where error.code == .unreachable {
                    Thread.sleep(forTimeInterval: 0.25)
                }
            }
        }
        if log.head < target { try await follow(until: target) }
        connection.close()
        return log.head
    }

    private func follow(until target: LogPosition?) async throws {
        try await onThread { [self] () throws(ReplicationError) in try followLoop(until: target) }
    }

    private func onThread<Result: Sendable>(_ body: @escaping @Sendable () throws(ReplicationError) -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do throws(ReplicationError) {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "cxstore.replication.follower"
            thread.start()
        }
    }

    private func followLoop(until target: LogPosition?) throws(ReplicationError) {
        var subscription: StreamSubscription?
        var watch = StallWatch(heartbeat: StreamSubscription.heartbeat, now: .now)
        while !shared.withLock({ $0.stopping }) {
            if let target, log.head >= target { return }
            do {
                if subscription == nil {
                    let streamHead = try checkStreamAgainstLog()
                    do throws(ReplicationError) {
                        subscription = try StreamSubscription(stream: stream, from: log.head.next)
                    } catch  where error.code == .unreachable {
                        try readDirectly(upTo: streamHead, becauseNoConsumer: error)
                        watch.received(at: .now)
                        continue
                    }
                    logger.notice("following", metadata: ["replication.stream": "\(streamName)", "eventlog.head": "\(log.head)"])
                    watch.received(at: .now)
                    shared.withLock { $0.state = .streaming }
                }
                guard let first = try subscription?.next(waitingUpTo: Self.idleWait) else {
                    switch watch.idle(at: .now, connected: connection.isConnected) {
                    case .wait: break
                    case .reportDisconnected: reportDisconnected()
                    case .reportReconnected: reportReconnected()
                    case .checkStream: if try isStalled(watch) { subscription = nil }
                    }
                    continue
                }
                var batch = [first]
                var bytes = first.data.count
                while batch.count < Self.batchSize, bytes < 8 << 20, let more = try subscription?.next(waitingUpTo: 0) {
                    batch.append(more)
                    bytes += more.data.count
                }
                try apply(batch)
                watch.received(at: .now)
            } catch  where error.code == .unreachable {
                subscription = nil
                let state: ReplicationStatus.State = connection.isConnected ? .unreachable : .disconnected
                let changed = shared.withLock { shared in
                    defer {
                        shared.state = state
                        shared.detail = error.message
                    }
                    return shared.detail != error.message
                }
                if changed { logger.warning("replication interrupted", metadata: ["replication.error": "\(error.message)"]) }
                Thread.sleep(forTimeInterval: 0.25)
            } catch {
                shared.withLock {
                    $0.state = .stopped
                    $0.detail = error.message
                }
                logger.critical("replica stopped", metadata: ["replication.error": "\(error.message)"])
                throw error
            }
        }
    }

    /// How long one wait for a delivery lasts before the loop looks at the watch.
    private static let idleWait: Int64 = 250

    /// Reads the stream's last sequence after a silence longer than the consumer's heartbeat:
    /// the lag is updated, and when the stream is ahead of the log the silence is a stall,
    /// logged as a warning, and the consumer must be recreated from the log's head + 1.
    private func isStalled(_ watch: StallWatch) throws(ReplicationError) -> Bool {
        guard let state = try stream.inspect() else {
            throw ReplicationError(code: .unreachable, message: "stream \(streamName) does not exist any more")
        }
        let head = log.head
        switch watch.checked(streamHead: state.lastSequence.rawValue, logHead: head.rawValue) {
        case .caughtUp:
            shared.withLock {
                $0.trailing = 0
                $0.state = .streaming
                $0.detail = nil
            }
            return false
        case .stalled(let behind):
            let detail =
                "nothing received for over \(watch.heartbeat) while stream \(streamName) is at \(state.lastSequence) and this log at \(head): consumer recreated from \(head.next)"
            shared.withLock {
                $0.trailing = behind
                $0.detail = detail
            }
            logger.warning(
                "replication stalled",
                metadata: [
                    "replication.stream": "\(streamName)", "replication.streamHead": "\(state.lastSequence)", "eventlog.head": "\(head)",
                    "replication.lagEvents": "\(behind)",
                ])
            return true
        }
    }

    private func reportDisconnected() {
        let detail = "no NATS server of \(connection.servers.joined(separator: ",")) answers; reconnecting"
        shared.withLock {
            $0.state = .disconnected
            $0.detail = detail
        }
        logger.warning("replication disconnected", metadata: ["replication.servers": "\(connection.servers.joined(separator: ","))"])
    }

    private func reportReconnected() {
        shared.withLock { $0.state = .streaming }
        logger.notice("replication reconnected", metadata: ["replication.stream": "\(streamName)"])
    }

    /// Checks the log against the stream before following it from the log's head + 1, and
    /// returns the stream's last sequence.
    ///
    /// A stream behind the log whose records match it up to the stream's head lost its tail
    /// (its nodes lost power before they synced it): that is waited out, as an unreachable
    /// stream is, since the primary publishes the missing records again from its own log.
    private func checkStreamAgainstLog() throws(ReplicationError) -> LogPosition {
        guard let state = try stream.inspect() else {
            throw ReplicationError(code: .unreachable, message: "stream \(streamName) does not exist yet")
        }
        let head = log.head
        if head > state.lastSequence {
            guard try streamMatchesLog(at: state.lastSequence) else {
                throw ReplicationError(
                    code: .foreignStream,
                    message:
                        "this log (head \(head)) is ahead of stream \(streamName) (head \(state.lastSequence)): it was not made from this stream",
                    streamHead: state.lastSequence, logHead: head)
            }
            throw ReplicationError(
                code: .unreachable,
                message:
                    "stream \(streamName) (head \(state.lastSequence)) is behind this log (head \(head)): it lost records it had acknowledged; waiting for the primary to publish them again",
                streamHead: state.lastSequence, logHead: head)
        }
        guard try streamMatchesLog(at: head) else {
            throw ReplicationError(
                code: .foreignStream, message: "stream \(streamName) holds another record at position \(head) than this log",
                streamHead: state.lastSequence, logHead: head)
        }
        shared.withLock { $0.trailing = state.lastSequence.rawValue - head.rawValue }
        return state.lastSequence
    }

    /// Reads up to one batch of the records after the log's head, message by message from
    /// the stream's leader, while the stream answers but no consumer can be made for it (the
    /// node a consumer was placed on died and the cluster has not yet noticed; a leader is
    /// being elected). The consumer is tried again after each batch.
    private func readDirectly(upTo streamHead: LogPosition, becauseNoConsumer refusal: ReplicationError) throws(ReplicationError) {
        let detail = "no consumer of stream \(streamName) could be made (\(refusal.message)); reading its messages one by one meanwhile"
        let first = shared.withLock { shared in
            defer { shared.detail = detail }
            return shared.detail != detail
        }
        if first { logger.warning("replication reading directly", metadata: ["replication.error": "\(refusal.message)"]) }
        var batch: [StreamSubscription.Delivery] = []
        var sequence = log.head.next
        while sequence <= streamHead, batch.count < Self.batchSize {
            if let message = try stream.message(at: sequence) {
                batch.append(
                    StreamSubscription.Delivery(
                        sequence: sequence, subject: message.subject, data: message.data, pending: streamHead.rawValue - sequence.rawValue))
            }
            sequence = sequence.next
        }
        if !batch.isEmpty { try apply(batch) }
        shared.withLock {
            $0.state = .streaming
            $0.detail = detail
            if sequence > streamHead { $0.trailing = 0 }
        }
    }

    /// Whether the stream holds this log's record at `position` (an erased one may be gone
    /// from the stream); always at position 0, before any record.
    private func streamMatchesLog(at position: LogPosition) throws(ReplicationError) -> Bool {
        guard position > .start else { return true }
        let theirs = try stream.message(at: position)
        let ours = try? log.record(at: position)
        let erasedFromTheStream = theirs == nil && ours?.isRedacted == true
        return theirs?.data == ours?.bytes || erasedFromTheStream
    }

    /// Writes one batch of deliveries into the log. At the first delivery that does not fit,
    /// it writes the records before it and throws.
    private func apply(_ batch: [StreamSubscription.Delivery]) throws(ReplicationError) {
        var expected = log.head.next
        var records: [StoredRecord] = []
        records.reserveCapacity(batch.count)
        var refusal: ReplicationError?
        for delivery in batch where delivery.sequence >= expected {
            if delivery.subject != stream.subject {
                refusal = ReplicationError(
                    code: .foreignStream,
                    message: "message \(delivery.sequence) of stream \(streamName) is on subject \(delivery.subject), not \(stream.subject)")
            } else if delivery.sequence != expected {
                do throws(ReplicationError) {
                    records += try erasedRecords(from: expected, before: delivery.sequence)
                    expected = delivery.sequence
                } catch {
                    refusal = error
                }
            }
            if refusal != nil { break }
            records.append(StoredRecord(position: delivery.sequence, bytes: delivery.data))
            expected = expected.next
        }
        do {
            try log.appendReplicated(records)
        } catch  where error.code == .corruptRecord {
            let refused = error.position ?? records.first?.position ?? .start
            try append(records.filter { $0.position < refused })
            throw ReplicationError(code: .foreignStream, message: "stream \(streamName) holds a record this log refuses: \(error.message)")
        } catch {
            throw ReplicationError(code: .unreachable, message: "cannot write to the log: \(error.message)")
        }
        if let refusal { throw refusal }
        shared.withLock {
            $0.trailing = batch.last?.pending ?? 0
            $0.state = .streaming
            $0.detail = nil
        }
    }

    /// The records the stream erased securely in `first..<end` (an erasure deleted them),
    /// as the redacted records the primary wrote in their place: the erasure event that
    /// lists them comes later in the stream, and is looked for there.
    ///
    /// - Throws: ``ReplicationError/Code/foreignStream`` when no erasure event lists them:
    ///   the stream has a gap this log cannot fill.
    private func erasedRecords(from first: LogPosition, before end: LogPosition) throws(ReplicationError) -> [StoredRecord] {
        let missing = first.rawValue..<end.rawValue
        let last = try stream.inspect()?.lastSequence ?? end
        var sequence = end
        while sequence <= last {
            if let message = try stream.message(at: sequence) {
                let record = StoredRecord(position: sequence, bytes: message.data)
                if let listed = record.redactedRecordsListed {
                    let covering = listed.filter { missing.contains($0.position) }
                    if covering.count == missing.count {
                        logger.notice(
                            "records erased from the stream written as redacted",
                            metadata: ["replication.first": "\(first)", "replication.count": "\(missing.count)", "eventlog.position": "\(sequence)"])
                        return covering.sorted { $0.position < $1.position }.map { StoredRecord.redacted($0, erasure: sequence) }
                    }
                }
            }
            sequence = sequence.next
        }
        throw ReplicationError(
            code: .foreignStream,
            message:
                "stream \(streamName) has a gap: the next record of this log is \(first), the stream delivered \(end), and no erasure lists the records between"
        )
    }

    private func append(_ records: [StoredRecord]) throws(ReplicationError) {
        do {
            try log.appendReplicated(records)
        } catch {
            throw ReplicationError(code: .unreachable, message: "cannot write to the log: \(error.message)")
        }
    }
}
