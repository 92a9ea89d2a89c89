/// Reads an 8x8 Voice webhook, tolerant where senders differ but the meaning is clear and
/// strict where it is not:
///
/// - DTMF may be at `payload.dtmf` or `payload.eventData.dtmf` (an `eventData` that is a
///   string is ignored); both present with different digits is refused.
/// - Session-summary legs may be under `payload.details` or `payload`, spelled `callA` or
///   `CallA`; both spellings of one leg are refused.
/// - `eventId` may be missing (the id then comes from the webhook's content); a call event
///   needs `callId` or `sessionId`, or it names no call.
/// - A `callStatus` outside the documented list is kept as sent; enumerations are read
///   without regard to case.
public struct VoiceWebhookDecoder: Sendable {
    /// The event types the adapter takes.
    public static let eventTypes = ["CALL_ACTION", "CALL_STATUS", "SESSION_SUMMARY"]
    /// The directions of a call leg.
    public static let directions = ["INBOUND", "OUTBOUND"]
    /// The longest `eventId` kept in a message id.
    static let maximumEventIDLength = 200

    /// The JSON limits.
    public var parser: JSONParser

    /// Creates a decoder.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    /// Reads one webhook.
    ///
    /// - Throws: ``CIMError`` naming every field that is missing, of the wrong type or
    ///   ambiguous; nothing is kept of a refused webhook.
    public func decode(_ bytes: some Collection<UInt8>) throws(CIMError) -> VoiceWebhook {
        let outcome: Result<VoiceWebhook, CIMError>
        do {
            outcome = try parser.withTape(of: bytes) { tape in decode(tape) }
        } catch {
            throw CIMError.malformed(error)
        }
        return try outcome.get()
    }

    private func decode(_ tape: JSONTape) -> Result<VoiceWebhook, CIMError> {
        let collector = ViolationCollector()
        guard tape[JSONTape.root].kind == .object else {
            collector.add("", "an 8x8 Voice webhook must be a JSON object, found \(tape[JSONTape.root].kind.typeName)")
            return .failure(CIMError(code: .invalidWebhook, violations: collector.violations))
        }
        let root = FieldReader(tape: tape, objectIndex: JSONTape.root, path: "", collector: collector)
        if let namespace = root.string("namespace"), namespace.uppercased() != "VOICE" {
            collector.add("namespace", "must be VOICE for an 8x8 Voice webhook, found \"\(namespace.prefixForMessage)\"")
        }
        let eventType = root.string("eventType", required: true, nonEmpty: true).map { $0.uppercased() }
        if let eventType, !Self.eventTypes.contains(eventType) {
            collector.add("eventType", "must be one of \(Self.eventTypes.joined(separator: ", ")), found \"\(eventType.prefixForMessage)\"")
        }
        let payload = root.object("payload", required: true)
        guard let eventType, let payload, collector.isEmpty else {
            return .failure(CIMError(code: .invalidWebhook, violations: collector.violations))
        }
        let webhook = tape.value(at: JSONTape.root)
        let digest = tape.canonicalDigest
        let decoded: VoiceWebhook? =
            eventType == "SESSION_SUMMARY"
            ? sessionSummary(payload, webhook: webhook, digest: digest).map(VoiceWebhook.sessionSummary)
            : callEvent(eventType, payload, webhook: webhook, digest: digest).map(VoiceWebhook.callEvent)
        guard let decoded, collector.isEmpty else {
            return .failure(CIMError(code: .invalidWebhook, violations: collector.violations))
        }
        return .success(decoded)
    }

    private func callEvent(_ eventType: String, _ payload: FieldReader, webhook: JSONValue, digest: [UInt8]) -> VoiceCallEvent? {
        let eventID = payload.text("eventId")
        if let eventID, eventID.isBlank || eventID.utf8.count > Self.maximumEventIDLength {
            payload.collector.add(payload.pathOf("eventId"), "must be 1 to \(Self.maximumEventIDLength) bytes long when given")
        }
        let callID = payload.text("callId")?.nilIfBlank
        let sessionID = payload.text("sessionId")?.nilIfBlank
        if callID == nil, sessionID == nil {
            payload.collector.add(payload.pathOf("callId"), "is required (or payload.sessionId): without either the event names no call")
        }
        let status = payload.string("callStatus", required: true, nonEmpty: true).map { $0.uppercased() }
        let party = self.party(payload)
        let dtmf = self.dtmf(payload)
        if status == "DTMF_RECEIVED", dtmf == nil, payload.collector.isEmpty {
            payload.collector.add(payload.pathOf("dtmf"), "is required for DTMF_RECEIVED (at payload.dtmf or payload.eventData.dtmf)")
        }
        let event = VoiceCallEvent(
            eventType: eventType, eventID: eventID, callID: callID, sessionID: sessionID, subAccountID: payload.text("subAccountId"),
            callStatus: status ?? "", party: party ?? VoiceParty(direction: "", source: nil, destination: nil),
            callDuration: payload.integer("callDuration"), dtmf: dtmf, clientActionID: payload.text("clientActionId")?.nilIfBlank,
            timestamp: payload.timestamp("timestamp"), webhook: webhook, contentDigest: digest)
        return status != nil && party != nil ? event : nil
    }

    /// The digits at `dtmf` or `eventData.dtmf`; refused when both are given and differ.
    private func dtmf(_ payload: FieldReader) -> String? {
        let direct = payload.text("dtmf")?.nilIfBlank
        var nested: String?
        if let eventData = payload.value("eventData"), payload.tape[eventData].kind == .object {
            nested = payload.object("eventData")?.text("dtmf")?.nilIfBlank
        }
        if let direct, let nested, direct != nested {
            payload.collector.add(
                payload.pathOf("dtmf"), "disagrees with payload.eventData.dtmf (\"\(direct.prefixForMessage)\" and \"\(nested.prefixForMessage)\")")
            return nil
        }
        guard let digits = direct ?? nested else { return nil }
        let keypad = Set("0123456789*#ABCDabcd")
        guard digits.count <= 64, digits.allSatisfy(keypad.contains) else {
            payload.collector.add(
                payload.pathOf(direct != nil ? "dtmf" : "eventData.dtmf"),
                "must be keypad digits (0-9, *, #, A-D), at most 64, found \"\(digits.prefixForMessage)\"")
            return nil
        }
        return digits
    }

    private func party(_ leg: FieldReader) -> VoiceParty? {
        guard let direction = leg.string("callDirection", required: true, nonEmpty: true).map({ $0.uppercased() }) else { return nil }
        guard Self.directions.contains(direction) else {
            leg.collector.add(
                leg.pathOf("callDirection"),
                "must be INBOUND or OUTBOUND (it tells which number is the customer's), found \"\(direction.prefixForMessage)\"")
            return nil
        }
        return VoiceParty(direction: direction, source: leg.text("source")?.nilIfBlank, destination: leg.text("destination")?.nilIfBlank)
    }

    private func sessionSummary(_ payload: FieldReader, webhook: JSONValue, digest: [UInt8]) -> VoiceSessionSummary? {
        let container = payload.object("details") ?? payload
        let legs = self.legs(in: container)
        if legs.first?.name != "callA", payload.collector.isEmpty {
            payload.collector.add(container.pathOf("callA"), "is required: the leg of the customer")
        }
        if let first = legs.first, first.name == "callA" {
            if first.party.customerNumber == nil {
                payload.collector.add(
                    container.pathOf(first.party.direction == "INBOUND" ? "callA.source" : "callA.destination"),
                    "is required: the customer's number on a \(first.party.direction) leg")
            }
            if first.party.virtualNumber == nil {
                payload.collector.add(
                    container.pathOf(first.party.direction == "INBOUND" ? "callA.destination" : "callA.source"),
                    "is required: the virtual number on a \(first.party.direction) leg")
            }
        }
        let (startTime, endTime) = (payload.timestamp("startTime"), payload.timestamp("endTime"))
        let caller = legs.first
        if startTime ?? endTime ?? caller?.initiatedAt ?? caller?.disconnectedAt == nil, payload.collector.isEmpty {
            payload.collector.add(payload.pathOf("endTime"), "is required (or payload.startTime): the summary must say when the session was")
        }
        if let start = startTime ?? caller?.initiatedAt, let end = endTime ?? caller?.disconnectedAt, end < start {
            payload.collector.add(payload.pathOf("endTime"), "must not be before the start of the session (\(start.iso8601))")
        }
        return VoiceSessionSummary(
            sessionID: payload.text("sessionId")?.nilIfBlank, subAccountID: payload.text("subAccountId"),
            sessionStatus: payload.string("sessionStatus").map { $0.uppercased() }, startTime: startTime, endTime: endTime,
            legs: legs, webhook: webhook, contentDigest: digest)
    }

    /// The members named `callA`, `CallA`, `callB`, … in letter order.
    private func legs(in container: FieldReader) -> [VoiceSessionSummary.Leg] {
        let tape = container.tape
        var byName: [String: (spelling: String, leg: VoiceSessionSummary.Leg)] = [:]
        for member in tape.members(of: container.objectIndex) {
            let key = tape.string(at: member.key)
            guard key.count == 5, key.lowercased().hasPrefix("call"), let letter = key.last, letter.isUppercase, letter.isLetter else { continue }
            let name = "call" + String(letter)
            if let earlier = byName[name] {
                container.collector.add(container.pathOf(key), "is the same leg as \(container.pathOf(earlier.spelling)); send one of them")
                continue
            }
            guard let reader = container.object(key), let party = party(reader) else { continue }
            let leg = VoiceSessionSummary.Leg(
                name: name, callID: reader.text("callId")?.nilIfBlank, party: party,
                initiatedAt: reader.timestamp("initiatedTimestamp"), connectedAt: reader.timestamp("connectedTimestamp"),
                disconnectedAt: reader.timestamp("disconnectedTimestamp"))
            byName[name] = (key, leg)
        }
        return byName.values.map(\.leg).sorted { $0.name < $1.name }
    }

}
