import CNATS
import EventLog
import Foundation
import NIOCore
import StoreTesting

@testable import Replication

/// Direct access to the test cluster's streams, through the same C client the store uses:
/// to read what a primary published, and to build streams a replica must refuse.
enum StreamFixture {
    /// Creates a one-replica stream holding `subject`, on file or in memory.
    static func create(cluster: NATSCluster, stream: String, subject: String, inMemory: Bool = false) throws {
        try withConnection(cluster) { connection in
            try LogStream.create(
                name: stream, subjects: [subject], replicas: 1, storage: inMemory ? js_MemoryStorage : js_FileStorage, connection: connection)
        }
    }

    /// Publishes `payloads` to `subject`, one message each, waiting for each acknowledgement.
    static func publish(cluster: NATSCluster, subject: String, payloads: [[UInt8]]) throws {
        try withConnection(cluster) { connection in
            for payload in payloads {
                var acknowledgement: UnsafeMutablePointer<jsPubAck>?
                let status = payload.withUnsafeBytes { bytes in
                    js_Publish(&acknowledgement, connection.jetStream, subject, bytes.baseAddress, Int32(bytes.count), nil, nil)
                }
                jsPubAck_Destroy(acknowledgement)
                try NATSConnection.check(status, "publish to \(subject)")
            }
        }
    }

    /// Deletes the message at `sequence` (leaving a gap).
    static func delete(cluster: NATSCluster, stream: String, sequence: UInt64) throws {
        try withConnection(cluster) { connection in
            try NATSConnection.check(js_DeleteMsg(connection.jetStream, stream, sequence, nil, nil), "delete message \(sequence)")
        }
    }

    /// Deletes `stream` with every message it holds.
    static func deleteStream(cluster: NATSCluster, stream: String) throws {
        try withConnection(cluster) { connection in
            try NATSConnection.check(js_DeleteStream(connection.jetStream, stream, nil, nil), "delete stream \(stream)")
        }
    }

    static func withConnection<Result>(_ cluster: NATSCluster, _ body: (NATSConnection) throws -> Result) throws -> Result {
        let connection = try NATSConnection(servers: cluster.urls.split(separator: ",").map(String.init), name: "cxstore tests")
        defer { connection.close() }
        let deadline = Date().addingTimeInterval(10)
        while !connection.isConnected, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return try body(connection)
    }
}

/// The last sequence of `stream` (0 when it is empty or missing).
func streamLastSequence(cluster: NATSCluster, stream: String) async throws -> Int {
    try StreamFixture.withConnection(cluster) { connection in
        Int(try LogStream(name: stream, connection: connection).inspect()?.lastSequence.rawValue ?? 0)
    }
}

/// The first `count` messages of `stream` as the records they carry. A read is tried up to
/// three times: right after nodes come back, a stream's leader can be too busy to answer one
/// request in time on a loaded machine (seen once in a thousand reads).
func streamContents(cluster: NATSCluster, stream: String, count: Int) async throws -> [StoredRecord] {
    try StreamFixture.withConnection(cluster) { connection in
        let logStream = LogStream(name: stream, connection: connection)
        func read(_ position: LogPosition) -> Result<LogStream.Message?, ReplicationError> {
            Result { () throws(ReplicationError) in try logStream.message(at: position) }
        }
        return try (1...UInt64(count)).map { sequence in
            var message = read(LogPosition(sequence))
            for _ in 1..<3 {
                guard case .failure = message else { break }
                message = read(LogPosition(sequence))
            }
            return StoredRecord(position: LogPosition(sequence), bytes: try message.get()?.data ?? [])
        }
    }
}

/// Which nodes (0…2) serve `stream`, as the nodes' own monitoring (`/jsz`) reports what each
/// one hosts. The JetStream API is not asked: under load its requests go through the stream's
/// and the consumer's leaders and time out when one of them is slow to answer, while `/jsz` is
/// each node's own view, answered at once. A node that does not answer is left out.
struct StreamPlacement {
    /// The node leading the stream, as that node itself reports.
    var leader: Int?
    /// The node holding the newest consumer with a subscriber bound to it: the replica's
    /// ordered consumer (after a stall it is recreated, and the one it replaced may linger for
    /// a few seconds).
    var consumer: Int?

    init(cluster: NATSCluster, stream: String) async {
        var newestConsumer: (created: String, node: Int)?
        for node in 0..<3 {
            guard
                let response = try? await HTTPTestClient(baseURL: cluster.monitorURL(ofNode: node)).send(
                    "GET", "/jsz?accounts=true&streams=true&consumers=true", timeout: .seconds(5)),
                response.status == 200
            else { continue }
            let accounts = response.json["account_details"] as? [[String: Any]] ?? []
            let details = accounts.flatMap { $0["stream_detail"] as? [[String: Any]] ?? [] }.filter { $0["name"] as? String == stream }
            for detail in details {
                if (detail["cluster"] as? [String: Any])?["leader"] as? String == "n\(node + 1)" { leader = node }
                for consumer in detail["consumer_detail"] as? [[String: Any]] ?? [] where consumer["push_bound"] as? Bool == true {
                    let created = Self.sortable(consumer["created"] as? String ?? "")
                    if newestConsumer.map({ $0.created < created }) ?? true { newestConsumer = (created, node) }
                }
            }
        }
        consumer = newestConsumer?.node
    }

    /// An RFC 3339 time with its fraction of a second padded to nine digits (Go's form drops
    /// trailing zeros), so that such times order as text.
    private static func sortable(_ time: String) -> String {
        let parts = time.dropLast().split(separator: ".", maxSplits: 1)
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return String(parts.first ?? "") + "." + fraction.padding(toLength: 9, withPad: "0", startingAt: 0)
    }
}
