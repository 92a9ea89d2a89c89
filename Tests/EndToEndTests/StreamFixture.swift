import CNATS
import EventLog
import Foundation
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

/// The index (0…2) of the node leading `stream`, when there is a leader.
func streamLeader(cluster: NATSCluster, stream: String) async throws -> Int? {
    try StreamFixture.withConnection(cluster) { connection in
        var info: UnsafeMutablePointer<jsStreamInfo>?
        try NATSConnection.check(js_GetStreamInfo(&info, connection.jetStream, stream, nil, nil), "read stream \(stream)")
        defer { jsStreamInfo_Destroy(info) }
        guard let leader = info?.pointee.Cluster?.pointee.Leader.map({ String(cString: $0) }) else { return nil }
        return Int(leader.dropFirst()).map { $0 - 1 }
    }
}

/// The index (0…2) of the node holding the consumer a replica reads `stream` through: the
/// newest consumer with a subscriber bound to it, else the newest (an ordered consumer is
/// recreated after a stall, the one it replaced may linger for a few seconds, and right after
/// a node restarts the cluster may not know yet which one has a subscriber).
func consumerNode(cluster: NATSCluster, stream: String) async throws -> Int? {
    try StreamFixture.withConnection(cluster) { connection in
        var list: UnsafeMutablePointer<jsConsumerInfoList>?
        try NATSConnection.check(js_Consumers(&list, connection.jetStream, stream, nil, nil), "list the consumers of \(stream)")
        defer { jsConsumerInfoList_Destroy(list) }
        guard let list else { return nil }
        let consumers = (0..<Int(list.pointee.Count)).compactMap { list.pointee.List[$0]?.pointee }
        let bound = consumers.filter(\.PushBound)
        guard let newest = (bound.isEmpty ? consumers : bound).max(by: { $0.Created < $1.Created }),
            let leader = newest.Cluster?.pointee.Leader.map({ String(cString: $0) })
        else { return nil }
        return Int(leader.dropFirst()).map { $0 - 1 }
    }
}
