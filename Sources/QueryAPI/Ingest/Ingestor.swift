public import CIM
public import EventLog
public import Projections

/// The write path: decode and validate a posted message, normalize it into an activity,
/// and append it durably to the log.
///
/// Decoding, validation and record encoding run on the caller's task; only the append
/// goes through the log's single writer.
public struct Ingestor: Sendable {
    /// The log appended to.
    public let log: EventLog
    /// The decoder (and with it the JSON limits) used for every message.
    public let decoder: MessageDecoder
    /// Where appended CIM messages are handed to the projections of this process, if any.
    public let handOff: DecodedMessages?
    let normalizer = Normalizer()

    /// Creates an ingestor over `log`; with `handOff`, the projections running beside it
    /// reuse each message it decodes instead of parsing it again.
    public init(log: EventLog, decoder: MessageDecoder = MessageDecoder(), handOff: DecodedMessages? = nil) {
        self.log = log
        self.decoder = decoder
        self.handOff = handOff
    }

    /// Validates `bytes` and builds the event to append, without touching the log.
    ///
    /// - Throws: ``CIMError`` listing every violation.
    public func prepare(_ bytes: [UInt8], origin: MessageOrigin, receivedAt: Timestamp = .now) throws(CIMError) -> PreparedMessage {
        let decoded = try decoder.decode(bytes, origin: origin)
        let activity = normalizer.activity(for: decoded.message, origin: origin, receivedAt: receivedAt)
        let event = NewEvent(
            messageID: activity.messageID.rawValue,
            type: activity.type.rawValue,
            occurredAt: activity.occurredAt.millisecondsSince1970,
            recordedAt: receivedAt.millisecondsSince1970,
            routingKeys: RoutingKeys(
                customerID: activity.customerID?.rawValue,
                channelCustomerIdentifier: activity.channelCustomerIdentifier,
                serviceIdentifier: activity.serviceIdentifier,
                conversationID: activity.conversationID?.rawValue,
                channelSessionID: activity.channelSessionID?.rawValue
            ),
            contentDigest: decoded.contentDigest,
            payload: bytes
        )
        return PreparedMessage(message: decoded.message, activity: activity, event: event)
    }

    /// Validates and appends one message; returns after it is durable.
    ///
    /// - Throws: ``CIMError`` for an invalid message (nothing is written), or
    ///   ``EventLogError`` (id conflict, disk full, closed, storage failure).
    public func ingest(_ bytes: [UInt8], origin: MessageOrigin) async throws -> IngestReceipt {
        let prepared = try prepare(bytes, origin: origin)
        return receipt(for: prepared, appended: try await log.append(prepared.event), origin: origin)
    }

    /// The receipt of an appended message, after handing a newly appended CIM message to
    /// the projections. (They decode every logged record as a CIM message; a third-party
    /// activity decodes differently, so it is not handed over.)
    private func receipt(for prepared: PreparedMessage, appended: AppendResult, origin: MessageOrigin) -> IngestReceipt {
        if !appended.duplicate, origin == .cimMessage { handOff?.keep(prepared.message, at: appended.position) }
        return IngestReceipt(messageID: prepared.activity.messageID, type: prepared.activity.type, result: appended)
    }
}

extension Ingestor {
    /// Validates every message of a batch and, only when all are valid, appends them in one
    /// call: one transaction and one sync for the whole batch. Returns each message's
    /// outcome in order (a reused id with other content is a failure of that message alone).
    ///
    /// - Throws: ``BatchRefusal`` naming every invalid message (nothing is written), or
    ///   ``EventLogError`` when the append itself fails (disk full, closed, storage).
    public func ingest(batch messages: [[UInt8]], origin: MessageOrigin) async throws -> [Result<IngestReceipt, EventLogError>] {
        let receivedAt = Timestamp.now
        var prepared: [PreparedMessage] = []
        prepared.reserveCapacity(messages.count)
        var refused: [(index: Int, error: CIMError)] = []
        for (index, bytes) in messages.enumerated() {
            do {
                prepared.append(try prepare(bytes, origin: origin, receivedAt: receivedAt))
            } catch {
                refused.append((index, error))
            }
        }
        guard refused.isEmpty else { throw BatchRefusal(refused: refused) }
        return try await append(prepared, origin: origin)
    }

    /// Appends validated messages in one call and gives each its outcome in order.
    private func append(_ prepared: [PreparedMessage], origin: MessageOrigin) async throws -> [Result<IngestReceipt, EventLogError>] {
        let results = try await log.append(contentsOf: prepared.map(\.event))
        return zip(prepared, results).map { message, result in
            result.map { receipt(for: message, appended: $0, origin: origin) }
        }
    }
}

extension Ingestor {
    /// Validates and appends the messages an adapter made from webhooks, in one call. An id
    /// already stored with other content is the same state of the same call delivered
    /// again (the adapters leave running durations out of the id), so it answers as a
    /// duplicate at the stored position instead of a conflict.
    ///
    /// - Throws: ``CIMError`` when an adapted message breaks a CIM rule (nothing is
    ///   written), or ``EventLogError`` when the append itself fails.
    public func ingest(adapted messages: [AdaptedMessage]) async throws -> [IngestReceipt] {
        let receivedAt = Timestamp.now
        let prepared = try messages.map { message throws(CIMError) in try prepare(message.bytes, origin: .cimMessage, receivedAt: receivedAt) }
        return try await zip(prepared, append(prepared, origin: .cimMessage)).map { message, outcome in
            if case .failure(let error) = outcome, error.code == .idConflict, let position = error.position {
                return IngestReceipt(
                    messageID: message.activity.messageID, type: message.activity.type, result: AppendResult(position: position, duplicate: true))
            }
            return try outcome.get()
        }
    }
}

/// Why a batch was refused before anything was written: every invalid message, by its
/// zero-based index in the batch.
public struct BatchRefusal: Error, Sendable {
    /// The invalid messages and what is wrong with each.
    public let refused: [(index: Int, error: CIMError)]
}

/// A validated message and the event that will carry it into the log.
public struct PreparedMessage: Sendable {
    /// The decoded message.
    public let message: CIMMessage
    /// What the message means in the history.
    public let activity: Activity
    /// The event to append.
    public let event: NewEvent
}

/// What ingesting one message did.
public struct IngestReceipt: Sendable, Hashable {
    /// The message id.
    public let messageID: MessageID
    /// The activity type it was given.
    public let type: ActivityType
    /// Its position, and whether it was already there.
    public let result: AppendResult
}
