/// Turns Genesys Cloud conversation detail events into activities.
///
/// - The message id is `genesys:` + the EventBridge event id (a redelivery is a duplicate); a
///   bare `detail` gets the conversation, topic, participant and event time instead.
/// - The customer is the caller or sender of an inbound conversation (`ani`, `addressFrom`:
///   `tel:+13175551234` is `+13175551234`), the callee of an outbound one, else the external
///   contact; the conversation is `genesys:conversation:<conversationId>`.
/// - A voice or callback conversation is `VOICE` activities (`user.start` starts the agent's
///   call leg, `customer.end` ends the call); others are system activities with the same
///   lines. Topics other than the customer, ACD, agent, wrap-up and flow steps (presence,
///   audits, `v2.conversations`) are acknowledged and not stored.
public struct GenesysAdapter: PlatformAdapter {
    public static let platform = "genesys"

    /// The JSON limits.
    public var parser: JSONParser

    /// Creates an adapter.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    public func events(in delivery: [UInt8]) throws(CIMError) -> [PlatformEvent] {
        try PlatformDelivery.oneEvent(in: delivery, parser: parser, read: GenesysConversationEvent.read, adapt: event)
    }

    private func event(_ event: GenesysConversationEvent) -> PlatformEvent {
        let id =
            event.eventID.map { "\(Self.platform):\($0)" }
            ?? "\(Self.platform):\(event.conversationID):\(event.topic):\(event.participantID ?? "-"):\(event.time?.millisecondsSince1970 ?? 0)"
        let isVoice = event.mediaType == "VOICE" || event.mediaType == "CALLBACK"
        let detail: [(key: String, value: JSONValue)] = [
            ("provider", .string(Self.platform)), ("topic", .string(event.topic)), ("mediaType", .string(event.mediaType)),
            ("event", event.body),
        ]
        var body: [(key: String, value: JSONValue)] = [("type", .string(isVoice ? "VOICE" : "PLAIN")), ("markdownText", .string(summary(of: event)))]
        if isVoice { body += [("callId", .string(event.conversationID)), ("leg", .string(event.participantID ?? ""))] }
        body.append(("additionalDetail", .object(JSONObject(members: detail))))
        let identity = event.customerAddress.flatMap(ContactAddress.identity)
        let draft = CIMDraft(
            id: id, sender: CIMDraft.Sender(id: Self.platform, name: "Genesys Cloud", type: "SYSTEM"), timestamp: event.time,
            intent: isVoice ? intent(for: event.topic) : nil, channelCustomerIdentifier: identity,
            serviceIdentifier: identity.map { _ in event.serviceAddress.flatMap(ContactAddress.identity) ?? Self.platform },
            conversationID: "\(Self.platform):conversation:\(event.conversationID)",
            customerID: identity == nil ? event.externalContactID.map { "\(Self.platform):external-contact:\($0)" } : nil, body: body)
        return .activity(eventID: event.eventID ?? id, message: AdaptedMessage(id: id, bytes: draft.bytes))
    }

    private func intent(for topic: String) -> String? {
        switch topic {
        case "user.start": "CALL_LEG_STARTED"
        case "user.end": "CALL_LEG_ENDED"
        case "customer.end": "END_VOICE"
        default: nil
        }
    }

    /// The line the history shows: `Inbound call queued`, `Call ended after 6m 40s (endpoint)`.
    func summary(of event: GenesysConversationEvent) -> String {
        let wording = ContactWording(channel: event.mediaType, direction: event.direction)
        let (kind, subject, capitalized) = (wording.kind, wording.subject, wording.capitalized)
        let after = event.duration.flatMap { $0 > 0 ? " after \(SpokenDuration.text(seconds: $0 / 1000))" : nil } ?? ""
        switch event.topic {
        case "customer.start": return "\(subject) started"
        case "flow.start": return "\(capitalized) in the IVR flow"
        case "flow.end": return "\(capitalized) left the IVR flow" + (event.exitReason.map { " (\(ContactWording.words($0)))" } ?? "")
        case "acd.start": return "\(capitalized) queued"
        case "acd.end":
            switch event.acdOutcome {
            case "ANSWERED"?: return "\(capitalized) answered from the queue\(after)"
            case "ABANDON"?: return "\(capitalized) abandoned in the queue\(after)"
            case let outcome?: return "\(capitalized) left the queue (\(ContactWording.words(outcome)))"
            case nil: return "\(capitalized) left the queue"
            }
        case "user.start": return "\(capitalized) connected to an agent"
        case "user.end": return "Agent left the \(kind)\(after)"
        case "acw": return "Wrap-up" + (event.wrapupNotes.map { ": \($0)" } ?? " done")
        default: return "\(capitalized) ended\(after)" + (event.disconnectType.map { " (\(ContactWording.words($0)))" } ?? "")
        }
    }
}
