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
        var state: ReplicationStatus.State = .starting
        var fence: ReplicationError?
        var detail: String?
        var stopping = false
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
    private let shared = Mutex(Shared())
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
    }

    // MARK: AcknowledgementGate

    /// Refuses writes once fenced, and until the first reconciliation with the stream has
    /// told whether another primary took over.
    public func admit() throws {
        let (state, fence, detail) = shared.withLock { ($0.state, $0.fence, $0.detail) }
        if let fence { throw fence }
        if state == .starting {
            throw ReplicationError(
                code: .unreachable,
                message:
                    "This primary has not yet compared its log with the stream \(configuration.stream)\(detail.map { " (\($0))" } ?? ""); nothing was stored. Retry shortly."
            )
        }
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
        let (fence, detail) = shared.withLock { ($0.fence, $0.detail) }
        if let fence { throw fence }
        throw ReplicationError(
            code: .notReplicated,
            message:
                "The event is in the log at position \(position), but the stream \(configuration.stream) has not acknowledged it within \(timeout)\(detail.map { " (\($0))" } ?? ""). Send the same message again: it is acknowledged at the same position once the stream has it.",
            streamHead: replicated.position, logHead: log.head)
    }

    // MARK: Status

    public var status: ReplicationStatus {
        let (state, detail) = shared.withLock { ($0.state, $0.detail) }
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
        while replicated.position < head, shared.withLock({ $0.fence == nil }), ContinuousClock.now < deadline {
            wakeup.signal()
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    // MARK: The loop

    private func publishLoop() {
        var reconciled = false
        var published = LogPosition.start
        var erasuresPending = true
        while !shared.withLock({ $0.stopping }) {
            if shared.withLock({ $0.fence != nil }) {
                _ = wakeup.wait(timeout: .now() + 1)
                continue
            }
            if !reconciled {
                do {
                    try reconcile()
                    reconciled = true
                    published = replicated.position
                } catch {
                    note(error)
                    _ = wakeup.wait(timeout: .now() + .milliseconds(250))
                    continue
                }
            }
            if erasuresPending { erasuresPending = !propagateErasures() }
            if let failure = interruption(published: published) {
                _ = stream.awaitPublished(timeout: .zero)
                note(ReplicationError(code: .unreachable, message: failure))
                reconciled = false
                _ = wakeup.wait(timeout: .now() + .milliseconds(100))
                continue
            }
            let records: [StoredRecord]
            do {
                records = try log.records(after: published, limit: Self.batchSize, maximumBytes: 4 << 20)
            } catch {
                logger.error("cannot read the log to publish it", metadata: ["replication.error": "\(error)"])
                _ = wakeup.wait(timeout: .now() + 1)
                continue
            }
            guard let last = records.last else {
                _ = wakeup.wait(timeout: .now() + .milliseconds(published > replicated.position ? 20 : 1000))
                continue
            }
            if published == replicated.position { acknowledgements.startWaiting() }
            do {
                try stream.publishAsynchronously(records, storeID: log.storeID)
                published = last.position
                if records.contains(where: \.isErasureEvent) { erasuresPending = true }
            } catch {
                _ = stream.awaitPublished(timeout: .zero)
                note(error)
                reconciled = false
            }
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

    /// Why publishing must stop and reconcile: the stream refused a record, or records in
    /// flight have had no acknowledgement for the acknowledgement timeout.
    private func interruption(published: LogPosition) -> String? {
        if let failure = acknowledgements.failure { return failure }
        guard published > replicated.position, ContinuousClock.now - acknowledgements.lastAcknowledgement > configuration.acknowledgementTimeout
        else { return nil }
        return "no acknowledgement from the stream within \(configuration.acknowledgementTimeout)"
    }

    /// Compares the log with the stream (creating the stream when missing) and sets where
    /// publishing resumes, or fences this primary.
    private func reconcile() throws(ReplicationError) {
        let replicas = min(3, max(configuration.servers.count, connection.knownServers.count))
        let state = try stream.ensure(replicas: replicas)
        let streamHead = state.lastSequence
        let logHead = log.head
        if streamHead > logHead {
            if logHead > .start, try stream.message(at: logHead)?.data == (try? log.record(at: logHead))?.bytes {
                replicated.publish(logHead)
            }
            throw fence(
                "the stream \(configuration.stream) is ahead of this log (stream head \(streamHead), log head \(logHead)): another primary has taken over",
                streamHead: streamHead, logHead: logHead)
        }
        if streamHead > .start {
            let theirs = try stream.message(at: streamHead)
            let ours = try? log.record(at: streamHead)
            if theirs?.subject != stream.subject || theirs?.data != ours?.bytes {
                throw fence(
                    "the stream \(configuration.stream) holds a different record at position \(streamHead) than this log (stream head \(streamHead), log head \(logHead)): another primary has taken over",
                    streamHead: streamHead, logHead: logHead)
            }
        }
        acknowledgements.reset(to: streamHead)
        shared.withLock {
            $0.state = .streaming
            $0.detail = nil
        }
        logger.notice(
            "replicating",
            metadata: ["replication.stream": "\(configuration.stream)", "replication.from": "\(streamHead)", "eventlog.head": "\(logHead)"])
    }

    private func fence(_ message: String, streamHead: LogPosition, logHead: LogPosition) -> ReplicationError {
        let error = ReplicationError(
            code: .fenced, message: "This primary refuses writes: \(message). It keeps serving reads.", streamHead: streamHead, logHead: logHead)
        shared.withLock {
            $0.fence = error
            $0.state = .fenced
            $0.detail = error.message
        }
        logger.critical("fenced", metadata: ["replication.stream_head": "\(streamHead)", "eventlog.head": "\(logHead)"])
        return error
    }

    private func note(_ error: ReplicationError) {
        let changed = shared.withLock { shared in
            guard shared.fence == nil else { return false }
            defer {
                if shared.state != .starting { shared.state = .unreachable }
                shared.detail = error.message
            }
            return shared.detail != error.message
        }
        if changed { logger.warning("replication interrupted", metadata: ["replication.error": "\(error.message)"]) }
    }
}
