import Dispatch
public import EventLog
import Foundation
public import Ingest
public import Logging
public import ServiceLifecycle
import Synchronization

/// The primary's side of replication: publishes every committed record to the stream in
/// position order, and, as the write path's ``AcknowledgementGate``, holds acknowledgements
/// back until the stream has them (``ReplicationMode/sync``) and refuses writes once another
/// primary has taken over the stream.
///
/// Each record is published with the id `<store id>:<position>` and with the expected last
/// sequence `position − 1`, so the stream's sequence is the log's position and JetStream
/// itself refuses a gap or a second writer. Records are published a batch at a time,
/// asynchronously, and their acknowledgements awaited together.
///
/// Whenever it (re)connects, or the stream refuses a record, it reconciles with the stream:
/// - the stream is behind the log: the backlog is published, in order, before anything newer;
/// - the stream is ahead of the log, or holds a different record at a position the log has:
///   another primary has taken over, and this one is fenced for good: every write is refused
///   (the log keeps serving reads).
public final class LogPublisher: AcknowledgementGate, ReplicationStatusSource, Service {
    /// How the primary replicates.
    public struct Configuration: Sendable {
        /// The NATS servers (`nats://host:port`).
        public var servers: [String]
        /// The stream's name.
        public var stream: String
        /// When a write is acknowledged.
        public var mode: ReplicationMode
        /// How long a write waits for the stream's acknowledgement in ``ReplicationMode/sync``
        /// before it is answered "not replicated".
        public var acknowledgementTimeout: Duration

        /// Creates a configuration.
        public init(servers: [String], stream: String = "CX_LOG", mode: ReplicationMode = .sync, acknowledgementTimeout: Duration = .seconds(5)) {
            self.servers = servers
            self.stream = stream
            self.mode = mode
            self.acknowledgementTimeout = acknowledgementTimeout
        }
    }

    private struct Shared {
        var machine: PublisherStateMachine
        var stopping = false
        /// Where publishing last resumed (the stream's head then): the first record published
        /// after it expects the stream's last sequence only, since the comparison just found
        /// this log's record there (the server may have forgotten the last message id across
        /// a restart); every later one also expects this log's previous message id.
        var resumedFrom = LogPosition.start
    }

    /// The records of one batch, at most.
    static let batchSize = 1000

    private let log: EventLog
    private let configuration: Configuration
    private let logger: Logger
    private let connection: NATSConnection
    private let acknowledgements: PublishAcknowledgements
    private let stream: LogStream
    /// The last position the stream is known to hold.
    private var replicated: PositionNotifier { acknowledgements.replicated }
    private let shared: Mutex<Shared>
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Connects to the servers (in the background when none answers yet); publishing starts
    /// with ``run()``.
    public init(log: EventLog, configuration: Configuration, logger: Logger) throws(ReplicationError) {
        self.log = log
        self.configuration = configuration
        self.logger = logger
        let acknowledgements = PublishAcknowledgements()
        self.acknowledgements = acknowledgements
        self.connection = try NATSConnection(
            servers: configuration.servers, name: "cxstore primary \(log.storeID)", acknowledgements: acknowledgements)
        self.stream = LogStream(name: configuration.stream, connection: connection)
        self.shared = Mutex(
            Shared(machine: PublisherStateMachine(stream: configuration.stream, acknowledgementTimeout: configuration.acknowledgementTimeout)))
    }

    // MARK: AcknowledgementGate

    /// Refuses writes once fenced, and until the first reconciliation with the stream has
    /// told whether another primary took over.
    public func admit() throws {
        if let refusal = shared.withLock({ $0.machine.refusal }) { throw refusal }
    }

    public func acknowledge(through position: LogPosition) async throws {
        guard configuration.mode == .sync, replicated.position < position else { return }
        let timeout = configuration.acknowledgementTimeout
        let reached = await withTaskGroup(of: Bool.self) { group in
            group.addTask { [replicated] in await replicated.wait(beyond: LogPosition(position.rawValue - 1)) >= position }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if reached || replicated.position >= position { return }
        let (refusal, detail) = shared.withLock { ($0.machine.refusal, $0.machine.detail) }
        if let refusal, refusal.code == .fenced { throw refusal }
        throw ReplicationError(
            code: .notReplicated,
            message:
                "The event is in the log at position \(position), but the stream \(configuration.stream) has not acknowledged it within \(timeout)\(detail.map { " (\($0))" } ?? ""). Send the same message again: it is acknowledged at the same position once the stream has it.",
            streamHead: replicated.position, logHead: log.head)
    }

    // MARK: Status

    public var status: ReplicationStatus {
        let (state, detail) = shared.withLock { ($0.machine.state, $0.machine.detail) }
        let head = log.head
        let done = replicated.position
        let lag = head > done ? head.rawValue - done.rawValue : 0
        var seconds = 0.0
        if lag > 0, let oldest = try? log.event(at: done.next) {
            seconds = max(0, Double(Int64(Date().timeIntervalSince1970 * 1000) - oldest.recordedAt) / 1000)
        }
        return ReplicationStatus(
            role: .primary, mode: configuration.mode, state: state, stream: configuration.stream, replicated: done, lagEvents: lag,
            lagSeconds: seconds, detail: detail)
    }

    /// Compares the log with the stream once before ``run()``, waiting at most `bound`, so
    /// that a tenant opened by its first request can take that request's write instead of
    /// refusing it as "not yet compared"; when the stream cannot be reached in time, the
    /// publishing loop keeps trying as it would have.
    public func prepare(within bound: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                let deadline = ContinuousClock.now + bound
                while !connection.isConnected, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
                do throws(ReplicationError) {
                    try reconcile()
                } catch {
                    note(error)
                }
                continuation.resume()
            }
            thread.name = "cxstore.replication.prepare"
            thread.start()
        }
    }

    // MARK: Service

    /// Publishes until graceful shutdown; then, for up to the acknowledgement timeout, what
    /// is left of the backlog.
    public func run() async throws {
        let thread = Thread { [self] in
            publishLoop()
            finished.signal()
        }
        thread.name = "cxstore.replication.publisher"
        thread.start()
        let watcher = Task { [log, wakeup] in
            var seen = log.head
            while !Task.isCancelled {
                let head = await log.waitForHead(beyond: seen)
                if head <= seen { return }
                seen = head
                wakeup.signal()
            }
        }
        try? await gracefulShutdown()
        watcher.cancel()
        await drainBacklog()
        shared.withLock { $0.stopping = true }
        wakeup.signal()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { [finished] in
                finished.wait()
                continuation.resume()
            }
        }
        connection.close()
    }

    private func drainBacklog() async {
        let head = log.head
        let deadline = ContinuousClock.now + configuration.acknowledgementTimeout
        while replicated.position < head, shared.withLock({ $0.machine.state != .fenced }), ContinuousClock.now < deadline {
            wakeup.signal()
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: The loop

    private func publishLoop() {
        var erasuresPending = true
        while !shared.withLock({ $0.stopping }) {
            let (failure, silence, acknowledged) = (
                acknowledgements.failure, ContinuousClock.now - acknowledgements.lastAcknowledgement, replicated.position
            )
            let step = shared.withLock {
                $0.machine.nextStep(acknowledgementFailure: failure, sinceLastAcknowledgement: silence, replicated: acknowledged)
            }
            switch step {
            case .idle:
                _ = wakeup.wait(timeout: .now() + 1)
            case .reconcile:
                do {
                    try reconcile()
                } catch {
                    note(error)
                    _ = wakeup.wait(timeout: .now() + .milliseconds(250))
                }
            case .interrupt(let reason):
                _ = stream.awaitPublished(timeout: .zero)
                note(ReplicationError(code: .unreachable, message: reason))
                _ = wakeup.wait(timeout: .now() + .milliseconds(100))
            case .publish(let published):
                if erasuresPending { erasuresPending = !propagateErasures() }
                if publish(after: published) { erasuresPending = true }
            }
        }
    }

    /// Publishes the next batch of the log after `published`, or waits for one; `true` when
    /// the batch held an erasure event.
    private func publish(after published: LogPosition) -> Bool {
        let records: [StoredRecord]
        do {
            records = try log.records(after: published, limit: Self.batchSize, maximumBytes: 4 << 20)
        } catch {
            logger.error("cannot read the log to publish it", metadata: ["replication.error": "\(error)"])
            _ = wakeup.wait(timeout: .now() + 1)
            return false
        }
        guard let last = records.last else {
            let wait = shared.withLock { $0.machine.idleWait(replicated: replicated.position) }
            _ = wakeup.wait(timeout: .now() + .nanoseconds(Int(wait.inNanoseconds)))
            return false
        }
        if published == replicated.position { acknowledgements.startWaiting() }
        let resumedFrom = shared.withLock { $0.resumedFrom }
        let previousID = published == resumedFrom ? nil : LogStream.messageID(storeID: log.storeID, position: published)
        do {
            try stream.publishAsynchronously(records, storeID: log.storeID, previousID: previousID)
            shared.withLock { $0.machine.published(through: last.position) }
            return records.contains(where: \.isErasureEvent)
        } catch {
            _ = stream.awaitPublished(timeout: .zero)
            note(error)
            return false
        }
    }

    /// Erases from the stream the records of every erasure the stream holds already (its
    /// replicas then apply the erasure event themselves); `true` when none is left.
    private func propagateErasures() -> Bool {
        do {
            let pending = try log.erasuresToPropagate()
            for erasure in pending where replicated.position >= erasure {
                for record in try log.record(at: erasure)?.redactedRecordsListed ?? [] {
                    try stream.erase(LogPosition(record.position))
                }
                try log.notePropagated(erasure)
                logger.notice("erasure propagated: its records are erased from the stream", metadata: ["eventlog.position": "\(erasure)"])
            }
            return pending.allSatisfy { replicated.position >= $0 }
        } catch {
            logger.warning("cannot erase records from the stream yet; retrying", metadata: ["replication.error": "\(error)"])
            return false
        }
    }

    /// Compares the log with the stream (creating the stream when missing): publishing
    /// resumes from the stream's head, or this primary is fenced (``PublisherStateMachine``).
    private func reconcile() throws(ReplicationError) {
        let replicas = min(3, max(configuration.servers.count, connection.knownServers.count))
        let streamHead = try stream.ensure(replicas: replicas).lastSequence
        let logHead = log.head
        let sameRecord = { [stream, log] (position: LogPosition) throws(ReplicationError) -> Bool in
            let theirs = try stream.message(at: position)
            return theirs?.subject == stream.subject && theirs?.data == (try? log.record(at: position))?.bytes
        }
        var machine = shared.withLock { $0.machine }
        let decision = try machine.reconcile(streamHead: streamHead, logHead: logHead, sameRecord: sameRecord)
        shared.withLock { $0.machine = machine }
        switch decision {
        case .resume(let from):
            shared.withLock { $0.resumedFrom = from }
            acknowledgements.reset(to: from)
            logger.notice(
                "replicating",
                metadata: ["replication.stream": "\(configuration.stream)", "replication.from": "\(from)", "eventlog.head": "\(logHead)"])
        case .fence(let replicatedThrough):
            if let replicatedThrough { replicated.publish(replicatedThrough) }
            logger.critical("fenced", metadata: ["replication.stream_head": "\(streamHead)", "eventlog.head": "\(logHead)"])
        }
    }

    private func note(_ error: ReplicationError) {
        let changed = shared.withLock { $0.machine.failed(error) }
        if changed { logger.warning("replication interrupted", metadata: ["replication.error": "\(error.message)"]) }
    }
}
