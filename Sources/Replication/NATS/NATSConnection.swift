import CNATS
import Foundation
import Synchronization

/// One connection to a NATS cluster with its JetStream context, over the official C client.
///
/// The client reconnects by itself (forever, every 250 ms, to any server of the cluster it
/// knows) and buffers nothing while disconnected: a request fails at once instead. Every call
/// blocks its thread; the replication loops run on threads of their own.
final class NATSConnection: @unchecked Sendable {
    let connection: OpaquePointer
    let jetStream: OpaquePointer
    /// The servers asked for, as given.
    let servers: [String]

    /// Connects to `servers` (`nats://host:port` each). When none answers yet, the
    /// connection keeps trying in the background and calls fail until it succeeds.
    /// `acknowledgements`, when given, is told of every acknowledgement or refusal of a
    /// message published asynchronously; it must outlive the connection.
    init(
        servers: [String], name: String, requestTimeout: Duration = .seconds(2), acknowledgements: PublishAcknowledgements? = nil
    ) throws(ReplicationError) {
        self.servers = servers
        var options: OpaquePointer?
        try Self.check(natsOptions_Create(&options), "create client options")
        defer { natsOptions_Destroy(options) }
        let cServers = servers.map { strdup($0) }
        defer { for server in cServers { free(server) } }
        var pointers = cServers.map { UnsafePointer($0) }
        try pointers.withUnsafeMutableBufferPointer { buffer throws(ReplicationError) in
            try Self.check(natsOptions_SetServers(options, buffer.baseAddress, Int32(buffer.count)), "set servers")
        }
        try Self.check(natsOptions_SetName(options, name), "set name")
        try Self.check(natsOptions_SetMaxReconnect(options, -1), "set reconnects")
        try Self.check(natsOptions_SetReconnectWait(options, 250), "set reconnect wait")
        try Self.check(natsOptions_SetReconnectBufSize(options, 0), "set reconnect buffer")
        try Self.check(natsOptions_SetTimeout(options, 2000), "set connect timeout")
        try Self.check(natsOptions_SetPingInterval(options, 1000), "set ping interval")
        try Self.check(natsOptions_SetMaxPingsOut(options, 2), "set pings out")
        try Self.check(natsOptions_SetRetryOnFailedConnect(options, true, nil, nil), "set retry on failed connect")
        var connection: OpaquePointer?
        let status = natsConnection_Connect(&connection, options)
        guard status == NATS_OK || status == NATS_NOT_YET_CONNECTED, let connection else {
            throw Self.error(status, "connect to \(servers.joined(separator: ","))")
        }
        var jsOptions = jsOptions()
        jsOptions_Init(&jsOptions)
        jsOptions.Wait = Int64(requestTimeout.components.seconds * 1000)
        if let acknowledgements {
            jsOptions.PublishAsync.MaxPending = Int64(PublishAcknowledgements.maximumPending)
            jsOptions.PublishAsync.StallWait = Int64(requestTimeout.components.seconds * 1000)
            jsOptions.PublishAsync.AckHandler = { _, message, acknowledgement, failure, closure in
                guard let closure else { return }
                Unmanaged<PublishAcknowledgements>.fromOpaque(closure).takeUnretainedValue()
                    .receive(message: message, acknowledgement: acknowledgement, failure: failure)
            }
            jsOptions.PublishAsync.AckHandlerClosure = Unmanaged.passUnretained(acknowledgements).toOpaque()
        }
        var jetStream: OpaquePointer?
        let jsStatus = natsConnection_JetStream(&jetStream, connection, &jsOptions)
        guard jsStatus == NATS_OK, let jetStream else {
            natsConnection_Destroy(connection)
            throw Self.error(jsStatus, "open a JetStream context")
        }
        self.connection = connection
        self.jetStream = jetStream
    }

    /// `true` while the connection is up.
    var isConnected: Bool { natsConnection_Status(connection) == NATS_CONN_STATUS_CONNECTED }

    /// Every server the client knows: those given and those the cluster told it of.
    var knownServers: [String] {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var count: Int32 = 0
        guard natsConnection_GetServers(connection, &list, &count) == NATS_OK, let list else { return servers }
        defer {
            for index in 0..<Int(count) { free(list[index]) }
            free(list)
        }
        return (0..<Int(count)).compactMap { list[$0].map { String(cString: $0) } }
    }

    /// Closes the connection and frees it.
    func close() {
        jsCtx_Destroy(jetStream)
        natsConnection_Close(connection)
        natsConnection_Destroy(connection)
    }

    static func check(_ status: natsStatus, _ operation: String) throws(ReplicationError) {
        if status != NATS_OK { throw error(status, operation) }
    }

    static func error(_ status: natsStatus, _ operation: String, code: jsErrCode = jsErrCode(0)) -> ReplicationError {
        let text = String(cString: natsStatus_GetText(status))
        let detail = nats_GetLastError(nil).map { String(cString: $0) }.flatMap { $0.isEmpty || $0 == text ? nil : $0 }
        return ReplicationError(code: .unreachable, message: "\(operation): \(text)\(detail.map { " (\($0))" } ?? "")")
    }
}
