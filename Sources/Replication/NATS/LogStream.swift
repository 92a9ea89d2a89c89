import CNATS
import EventLog
import Foundation

/// The JetStream stream that holds a copy of the log: one message per record, on one
/// subject, its payload the record's bytes, its sequence the record's position.
struct LogStream: Sendable {
    /// What the stream holds now.
    struct State: Sendable {
        /// The last sequence (0 when empty): the position of the last replicated record.
        let lastSequence: LogPosition
    }

    /// A message read back from the stream.
    struct Message: Sendable {
        let subject: String
        let data: [UInt8]
        /// Its `Nats-Msg-Id`: `<store id>:<position>` of the log that published it.
        let id: String?
    }

    let name: String
    let connection: NATSConnection

    /// The one subject of the stream's messages.
    var subject: String { Self.subject(ofStream: name) }

    /// The subject of the log's messages in the stream `name`.
    static func subject(ofStream name: String) -> String { "\(name).records" }

    /// Creates the stream when it is missing (file storage, `replicas` copies, no limits, no
    /// discarding), or checks that an existing one holds this subject only and keeps
    /// everything. Returns its state.
    func ensure(replicas: Int) throws(ReplicationError) -> State {
        if let state = try inspect() { return state }
        try Self.create(name: name, subjects: [subject], replicas: replicas, connection: connection)
        guard let state = try inspect() else {
            throw ReplicationError(code: .unreachable, message: "stream \(name) is missing right after it was created")
        }
        return state
    }

    /// Creates a stream of `subjects` that keeps everything (on file unless told), with
    /// `replicas` copies; a stream of that name that exists already is not an error.
    static func create(
        name: String, subjects: [String], replicas: Int, storage: jsStorageType = js_FileStorage, connection: NATSConnection
    ) throws(ReplicationError) {
        var config = jsStreamConfig()
        jsStreamConfig_Init(&config)
        let cName = strdup(name)
        let cSubjects = subjects.map { strdup($0) }
        defer {
            free(cName)
            for subject in cSubjects { free(subject) }
        }
        var pointers = cSubjects.map { UnsafePointer($0) }
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var errorCode = jsErrCode(0)
        let status = pointers.withUnsafeMutableBufferPointer { buffer in
            config.Name = UnsafePointer(cName)
            config.Subjects = buffer.baseAddress
            config.SubjectsLen = Int32(buffer.count)
            config.Storage = storage
            config.Replicas = Int64(replicas)
            config.Retention = js_LimitsPolicy
            config.Discard = js_DiscardNew
            config.Duplicates = 2 * 60 * 1_000_000_000
            return js_AddStream(&info, connection.jetStream, &config, nil, &errorCode)
        }
        jsStreamInfo_Destroy(info)
        if status != NATS_OK, errorCode.rawValue != 10058 {  // 10058: the stream exists already (created meanwhile)
            throw NATSConnection.error(status, "create stream \(name) with \(replicas) replicas")
        }
    }

    /// The stream's state, or `nil` when it does not exist. Refuses a stream that holds
    /// other subjects, keeps its messages in memory, or limits what it keeps.
    func inspect() throws(ReplicationError) -> State? {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var errorCode = jsErrCode(0)
        let status = js_GetStreamInfo(&info, connection.jetStream, name, nil, &errorCode)
        defer { jsStreamInfo_Destroy(info) }
        if status == NATS_NOT_FOUND || errorCode == JSStreamNotFoundErr { return nil }
        guard status == NATS_OK, let info else { throw NATSConnection.error(status, "read stream \(name)") }
        if let config = info.pointee.Config {
            let subjects = (0..<Int(config.pointee.SubjectsLen)).compactMap { index in
                config.pointee.Subjects[index].map { String(cString: $0) }
            }
            guard subjects == [subject] else {
                throw ReplicationError(
                    code: .foreignStream,
                    message: "stream \(name) holds subjects \(subjects), not a cxstore log (whose one subject is \(subject))")
            }
            guard config.pointee.Storage == js_FileStorage else {
                throw ReplicationError(
                    code: .foreignStream, message: "stream \(name) keeps its messages in memory: a restart of its servers would lose the log")
            }
            guard config.pointee.MaxMsgs <= 0, config.pointee.MaxBytes <= 0, config.pointee.MaxAge <= 0 else {
                throw ReplicationError(
                    code: .foreignStream, message: "stream \(name) has limits (messages, bytes or age) that would drop records of the log")
            }
        }
        return State(lastSequence: LogPosition(info.pointee.State.LastSeq))
    }

    /// The message at `sequence`, or `nil` when there is none.
    func message(at sequence: LogPosition) throws(ReplicationError) -> Message? {
        var message: OpaquePointer?
        var errorCode = jsErrCode(0)
        let status = js_GetMsg(&message, connection.jetStream, name, sequence.rawValue, nil, &errorCode)
        defer { natsMsg_Destroy(message) }
        if status == NATS_NOT_FOUND { return nil }
        guard status == NATS_OK, let message else { throw NATSConnection.error(status, "read message \(sequence) of stream \(name)") }
        var id: UnsafePointer<CChar>?
        let hasID = natsMsgHeader_Get(message, "Nats-Msg-Id", &id) == NATS_OK
        return Message(
            subject: String(cString: natsMsg_GetSubject(message)), data: Self.data(of: message), id: hasID ? id.map { String(cString: $0) } : nil)
    }

    /// Erases the message at `sequence` securely: JetStream overwrites its bytes on every
    /// replica (`js_EraseMsg`, not a plain delete). A sequence already gone is no error.
    func erase(_ sequence: LogPosition) throws(ReplicationError) {
        var errorCode = jsErrCode(0)
        let status = js_EraseMsg(connection.jetStream, name, sequence.rawValue, nil, &errorCode)
        if status == NATS_NOT_FOUND || errorCode == jsErrCode(10037) { return }
        guard status == NATS_OK else { throw NATSConnection.error(status, "erase message \(sequence) of stream \(name)") }
    }

    /// The id a log gives the message of its record at `position`.
    static func messageID(storeID: String, position: LogPosition) -> String { "\(storeID):\(position)" }

    /// Publishes `records` in order without waiting, each carrying the id
    /// `<storeID>:<position>` and expecting the stream's last message to be the one before it:
    /// its sequence the position before, and its id `previousID` (if given) for the first
    /// record, this log's own for the others. The id makes a writer's chain its own: when
    /// another writer's record (a promoted replica's) takes a position while this one's records
    /// are in flight, the next record of the chain is refused too instead of landing after it.
    /// Their answers go to the connection's ``PublishAcknowledgements``.
    func publishAsynchronously(_ records: [StoredRecord], storeID: String, previousID: String?) throws(ReplicationError) {
        var expectedID = previousID
        for record in records {
            let status = try send(record, storeID: storeID, previousID: expectedID) { message, options in
                js_PublishMsgAsync(connection.jetStream, &message, &options)
            }
            try NATSConnection.check(status, "publish record \(record.position)")
            expectedID = Self.messageID(storeID: storeID, position: record.position)
        }
    }

    /// Publishes `record` (at a position after the first: the expected last sequence is what
    /// guards it) and waits for the stream's answer: `true` once the stream holds it at its
    /// position, `false` when the stream's last sequence is not the position before it
    /// (another writer came first).
    ///
    /// - Throws: ``ReplicationError`` `foreignStream` when the stream stored it at another
    ///   sequence.
    func publish(_ record: StoredRecord, storeID: String) throws(ReplicationError) -> Bool {
        precondition(record.position.rawValue > 1, "the expected last sequence guards records after the first only")
        var acknowledgement: UnsafeMutablePointer<jsPubAck>?
        var errorCode = jsErrCode(0)
        let status = try send(record, storeID: storeID, previousID: nil) { message, options in
            js_PublishMsg(&acknowledgement, connection.jetStream, message, &options, &errorCode)
        }
        defer { jsPubAck_Destroy(acknowledgement) }
        if errorCode == JSStreamWrongLastSequenceErr { return false }
        try NATSConnection.check(status, "publish record \(record.position)")
        if let stored = acknowledgement?.pointee.Sequence, stored != record.position.rawValue {
            throw ReplicationError(
                code: .foreignStream, message: "stream \(name) stored record \(record.position) at sequence \(stored)",
                streamHead: LogPosition(stored))
        }
        return true
    }

    /// Makes the message of `record` with the options every record is published with (its
    /// id, the expected last sequence and message id) and hands both to `publish`.
    private func send(
        _ record: StoredRecord, storeID: String, previousID: String?, _ publish: (inout OpaquePointer?, inout jsPubOptions) -> natsStatus
    ) throws(ReplicationError) -> natsStatus {
        var message: OpaquePointer?
        let created = record.bytes.withUnsafeBytes { bytes in
            natsMsg_Create(&message, subject, nil, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        try NATSConnection.check(created, "create a message")
        defer { natsMsg_Destroy(message) }
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        return Self.messageID(storeID: storeID, position: record.position).withCString { id in
            withOptionalCString(previousID) { expected in
                options.MsgId = id
                options.ExpectLastSeq = record.position.rawValue - 1
                options.ExpectLastMsgId = expected
                return publish(&message, &options)
            }
        }
    }

    /// Waits up to `timeout` for the answers to every message published asynchronously;
    /// `false` when some are still missing then (they are dropped: the caller reconciles
    /// with the stream's state instead).
    func awaitPublished(timeout: Duration) -> Bool {
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        // A MaxWait of 0 would make the client wait without a deadline: 1 ms at least.
        options.MaxWait = max(1, Int64(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        if js_PublishAsyncComplete(connection.jetStream, &options) == NATS_OK { return true }
        var pending = natsMsgList()
        if js_PublishAsyncGetPendingList(&pending, connection.jetStream) == NATS_OK {
            natsMsgList_Destroy(&pending)
        }
        return false
    }

    /// The payload of `message`, copied.
    static func data(of message: OpaquePointer) -> [UInt8] {
        let count = Int(natsMsg_GetDataLength(message))
        guard count > 0, let data = natsMsg_GetData(message) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: count))
    }
}

/// Runs `body` with `text` as a C string, or with `nil`.
private func withOptionalCString<Result>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
