/// Turns posted bytes into a validated ``CIMMessage``, or a ``CIMError`` listing every
/// violation with its JSON path.
///
/// The decoder is a value with no state between calls; it is safe to share.
public struct MessageDecoder: Sendable {
    /// The JSON parser (and with it the nesting bound) used for every message.
    public var parser: JSONParser

    /// Creates a decoder.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    /// Parses and validates one message and computes its content digest.
    public func decode(_ bytes: some Collection<UInt8>, origin: MessageOrigin) throws(CIMError) -> DecodedMessage {
        try withValidated(bytes, origin: origin) { tape, message in
            DecodedMessage(message: message, contentDigest: tape.canonicalDigest)
        }
    }

    /// Parses and validates one message without computing its content digest (which only
    /// the append path needs): what projections use to read stored messages again.
    public func message(from bytes: some Collection<UInt8>, origin: MessageOrigin) throws(CIMError) -> CIMMessage {
        try withValidated(bytes, origin: origin) { _, message in message }
    }

    private func withValidated<Result>(
        _ bytes: some Collection<UInt8>,
        origin: MessageOrigin,
        _ finish: (JSONTape, CIMMessage) -> Result
    ) throws(CIMError) -> Result {
        let outcome: Swift.Result<Result, CIMError>
        do {
            outcome = try parser.withTape(of: bytes) { tape in
                validate(tape: tape, origin: origin).map { finish(tape, $0) }
            }
        } catch {
            throw CIMError.malformed(error)
        }
        return try outcome.get()
    }

    private func validate(tape: JSONTape, origin: MessageOrigin) -> Swift.Result<CIMMessage, CIMError> {
        let rootKind = tape[JSONTape.root].kind
        guard rootKind == .object else {
            return .failure(
                CIMError(
                    code: .invalidMessage,
                    violations: [FieldViolation(field: "", message: "the message must be a JSON object, found \(rootKind.typeName)")]
                ))
        }
        let collector = ViolationCollector()
        let reader = FieldReader(tape: tape, objectIndex: JSONTape.root, path: "", collector: collector)

        let id = decodeID(reader)
        let header = reader.object("header", required: true).map { HeaderDecoder(reader: $0).decode() }
        let decodedBody = reader.object("body", required: true).map { BodyDecoder(reader: $0).decode() }
        let body = decodedBody?.body
        if let header {
            checkAttribution(header, origin: origin, collector: collector)
        }
        if let header, let bodyType = decodedBody?.type {
            checkIVRRules(header: header, bodyType: bodyType, collector: collector)
        }
        guard collector.isEmpty, let id, let header, var body else {
            return .failure(CIMError(code: .invalidMessage, violations: collector.violations))
        }
        if header.isEncoded, let encoded = body.markdownText, let text = EncodedText.decoded(encoded) {
            body.markdownText = text
        }
        return .success(CIMMessage(id: id, header: header, body: body))
    }

    private func decodeID(_ reader: FieldReader) -> MessageID? {
        guard let id = reader.text("id", required: true) else { return nil }
        if id.isBlank {
            reader.collector.add("id", "must not be empty")
            return nil
        }
        if id.utf8.count > MessageID.maximumByteCount {
            reader.collector.add("id", "must be at most \(MessageID.maximumByteCount) bytes long, found \(id.utf8.count)")
            return nil
        }
        return MessageID(id)
    }

    private func checkAttribution(_ header: MessageHeader, origin: MessageOrigin, collector: ViolationCollector) {
        let hasCustomer = header.customer?.id != nil
        let hasConversation = header.conversationID != nil
        let hasSession = header.channelSessionID != nil
        switch origin {
        case .cimMessage:
            let hasChannelIdentity = header.channelData?.channelCustomerIdentifier != nil
            if !(hasCustomer || hasConversation || hasSession || hasChannelIdentity) {
                collector.add(
                    "header",
                    "cannot be attributed to anyone: give at least one of header.customer._id (or id), "
                        + "header.channelData.channelCustomerIdentifier, header.conversationId, "
                        + "header.channelSessionId (or header.channelSession.id)"
                )
            }
        case .thirdPartyActivity:
            if !(hasCustomer || hasConversation || hasSession) {
                collector.add(
                    "header",
                    "a third-party activity needs at least one of header.customer._id (or id), "
                        + "header.conversationId, header.channelSessionId"
                )
            }
        }
    }

    /// The rules of the IVR aggregated activities guide, which go beyond the body itself.
    private func checkIVRRules(header: MessageHeader, bodyType: BodyType, collector: ViolationCollector) {
        let isIVRBody = bodyType == .ivrAggregatedActivity
        let isIVRIntent = header.intent == .ivrAggregatedActivity
        if isIVRIntent, !isIVRBody {
            collector.add("body.type", "must be IVR_AGGREGATED_ACTIVITY when header.intent is IVR_AGGREGATED_ACTIVITY")
        }
        guard isIVRBody else { return }
        if !isIVRIntent {
            collector.add("header.intent", "must be IVR_AGGREGATED_ACTIVITY for an IVR_AGGREGATED_ACTIVITY body")
        }
        if header.channelData?.channelCustomerIdentifier == nil {
            collector.add("header.channelData.channelCustomerIdentifier", "is required for an IVR_AGGREGATED_ACTIVITY")
        }
        if header.channelData?.serviceIdentifier == nil {
            collector.add("header.channelData.serviceIdentifier", "is required for an IVR_AGGREGATED_ACTIVITY")
        }
        if header.timestamp == nil {
            collector.add("header.timestamp", "is required for an IVR_AGGREGATED_ACTIVITY")
        }
        if header.sender.senderName.map(\.isBlank) ?? true {
            collector.add("header.sender.senderName", "is required for an IVR_AGGREGATED_ACTIVITY")
        }
    }
}

/// A validated message and the digest of its content, the store's test for "same message".
public struct DecodedMessage: Sendable {
    /// The message.
    public let message: CIMMessage
    /// SHA-256 of the message's canonical JSON (see ``JSONParser/canonicalDigest(of:)``).
    public let contentDigest: [UInt8]
}
