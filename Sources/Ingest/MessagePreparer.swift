public import CIM
import EventLog

/// Turns the bytes of a posted message into the event that will carry it into the log:
/// decode and validate (CIM), normalize into an activity, build the record's envelope.
///
/// Pure: it touches no store, so the fuzzer, `import` and the benchmarks run exactly what
/// the HTTP routes run.
public struct MessagePreparer: Sendable {
    /// The decoder (and with it the JSON limits) used for every message.
    public let decoder: MessageDecoder
    private let normalizer = Normalizer()

    /// Creates a preparer decoding with `decoder`.
    public init(decoder: MessageDecoder = MessageDecoder()) {
        self.decoder = decoder
    }

    /// Validates `bytes` and builds the event to append.
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
        return PreparedMessage(message: decoded.message, origin: origin, activity: activity, event: event)
    }
}
