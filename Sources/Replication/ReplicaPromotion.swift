public import EventLog
import Foundation
public import Logging

/// Turns a read replica's log into the primary of its stream while the old primary may still
/// be writing: the replica catches up, then writes a ``LogPromotion`` record through the
/// stream at the stream's head + 1. JetStream takes it only if nothing came in between
/// (expected last sequence); when something did, the replica takes that too and tries again.
/// Once the stream holds the promotion, the old primary's next publish finds the stream ahead
/// of its log and fences it (``LogPublisher``): every write it acknowledged in sync mode is
/// in the stream before the promotion, hence in this log.
public struct ReplicaPromotion: Sendable {
    private let log: EventLog
    private let servers: [String]
    private let stream: String
    private let logger: Logger

    /// A promotion of `log`, the replica of `stream` on `servers`.
    public init(log: EventLog, servers: [String], stream: String, logger: Logger) {
        self.log = log
        self.servers = servers
        self.stream = stream
        self.logger = logger
    }

    /// Catches up and writes the promotion record; returns its position, after which this
    /// log takes writes.
    ///
    /// - Throws: ``ReplicationError``: a foreign stream, a log this one cannot extend, or an
    ///   empty stream (nothing to promote).
    public func promote() async throws -> LogPosition {
        let follower = try ReplicaFollower(log: log, servers: servers, stream: stream, logger: logger)
        guard try await follower.catchUp() > .start else {
            // The first record of a stream has no last sequence to expect: nothing would keep a
            // promotion record from landing after a record the old primary wrote meanwhile.
            throw ReplicationError(
                code: .foreignStream,
                message:
                    "stream \(stream) is empty: there is nothing to promote; remove the replica mark (replica-of) and serve the tenant as a new store, or promote once the stream holds a record"
            )
        }
        let (log, servers, stream, logger) = (self.log, self.servers, self.stream, self.logger)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result { () throws(ReplicationError) in
                        try Self.writePromotion(log: log, servers: servers, stream: stream, logger: logger)
                    })
            }
            thread.name = "cxstore.replication.promotion"
            thread.start()
        }
    }

    private static func writePromotion(
        log: EventLog, servers: [String], stream name: String, logger: Logger
    ) throws(ReplicationError)
        -> LogPosition
    {
        let connection = try NATSConnection(servers: servers, name: "cxstore promotion \(log.storeID)")
        defer { connection.close() }
        let stream = LogStream(name: name, connection: connection)
        // One record per position: a publish whose answer was lost is sent again with the same
        // bytes and id, so that the stream's deduplication answers it and the log gets what
        // the stream holds.
        var promotion: StoredRecord?
        var attempts = 0
        while true {
            let position = log.head.next
            if promotion?.position != position {
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                promotion = LogPromotion(storeId: log.storeID, stream: name, promotedAt: now).record(at: position)
            }
            guard let record = promotion else { continue }
            do {
                attempts += 1
                if try stream.publish(record, storeID: log.storeID) {
                    try append([record], to: log)
                    logger.notice(
                        "promoted: the stream holds this log's promotion record",
                        metadata: ["replication.stream": "\(name)", "eventlog.position": "\(position)", "replication.attempts": "\(attempts)"])
                    return position
                }
                if try !takeWhatCameFirst(from: stream, into: log) { Thread.sleep(forTimeInterval: 0.05) }
            } catch  where error.code == .unreachable {
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
    }

    /// Appends the records the stream got after this log's head (the old primary is still
    /// writing), read one by one from the stream's leader; `false` when there were none yet.
    private static func takeWhatCameFirst(from stream: LogStream, into log: EventLog) throws(ReplicationError) -> Bool {
        var records: [StoredRecord] = []
        var taken = 0
        var position = log.head.next
        while let message = try stream.message(at: position) {
            guard message.subject == stream.subject else {
                throw ReplicationError(
                    code: .foreignStream,
                    message: "message \(position) of stream \(stream.name) is on subject \(message.subject), not \(stream.subject)")
            }
            records.append(StoredRecord(position: position, bytes: message.data))
            taken += 1
            position = position.next
            if records.count == ReplicaFollower.batchSize {
                try append(records, to: log)
                records = []
            }
        }
        try append(records, to: log)
        if taken > 0 { return true }
        if let last = try stream.inspect()?.lastSequence, last >= position {
            throw ReplicationError(
                code: .foreignStream,
                message:
                    "stream \(stream.name) has no record at \(position) but goes on to \(last): promote once the replica has followed past the gap",
                streamHead: last, logHead: log.head)
        }
        return false
    }

    private static func append(_ records: [StoredRecord], to log: EventLog) throws(ReplicationError) {
        do {
            try log.appendReplicated(records)
        } catch  where error.code == .corruptRecord {
            throw ReplicationError(code: .foreignStream, message: "the stream holds a record this log refuses: \(error.message)")
        } catch {
            throw ReplicationError(code: .unreachable, message: "cannot write to the log: \(error.message)")
        }
    }
}
