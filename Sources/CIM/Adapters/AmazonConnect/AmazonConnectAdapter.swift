/// Turns Amazon Connect contact events into activities.
///
/// - The message id is `amazon-connect:` + the EventBridge event id, so a redelivery is a
///   duplicate; a bare `detail` (no envelope, no id) gets the contact, the event type and a
///   digest of the detail instead.
/// - The customer is the contact's `customerEndpoint` (a phone number as E.164, or an
///   e-mail), else its Customer Profiles id; the conversation is
///   `amazon-connect:contact:<initialContactId or contactId>`, so a transferred contact stays
///   one conversation.
/// - A voice contact is a `VOICE` activity (`CONNECTED_TO_AGENT` starts the call leg,
///   `DISCONNECTED` ends the call); a chat, task or e-mail contact is a system activity with
///   the same line. `CONTACT_DATA_UPDATED` changes data, not the contact's course, and is
///   acknowledged and not stored, as is any other EventBridge `detail-type`.
public struct AmazonConnectAdapter: PlatformAdapter {
    public static let platform = "amazon-connect"
    /// The event types stored; others (new ones AWS adds included) are acknowledged.
    static let storedTypes: Set<String> = [
        "INITIATED", "CONNECTED_TO_SYSTEM", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "PAUSED", "RESUMED", "COMPLETED",
    ]

    /// The JSON limits.
    public var parser: JSONParser

    /// Creates an adapter.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    public func events(in delivery: [UInt8]) throws(CIMError) -> [PlatformEvent] {
        try PlatformDelivery.oneEvent(in: delivery, parser: parser, read: AmazonConnectContactEvent.read, adapt: event)
    }

    private func event(_ event: AmazonConnectContactEvent) -> PlatformEvent {
        guard Self.storedTypes.contains(event.eventType) else {
            let reason =
                event.eventType == "CONTACT_DATA_UPDATED"
                ? "a change of the contact's data, not a step of the contact" : "an event type this store does not keep"
            return .ignored(eventID: event.eventID, type: event.eventType, reason: reason)
        }
        let id =
            event.eventID.map { "\(Self.platform):\($0)" }
            ?? "\(Self.platform):\(event.contactID):\(event.eventType):\(PlatformDelivery.digest(of: event.detail))"
        var detail: [(key: String, value: JSONValue)] = [
            ("provider", .string(Self.platform)), ("eventType", .string(event.eventType)), ("channel", .string(event.channel)),
        ]
        if let method = event.initiationMethod { detail.append(("initiationMethod", .string(method))) }
        if let queue = event.queue { detail.append(("queue", .string(queue))) }
        if let agent = event.agent { detail.append(("agent", .string(agent))) }
        if let reason = event.disconnectReason { detail.append(("disconnectReason", .string(reason))) }
        detail.append(("contact", event.detail))
        let isVoice = event.channel == "VOICE"
        var body: [(key: String, value: JSONValue)] = [("type", .string(isVoice ? "VOICE" : "PLAIN")), ("markdownText", .string(summary(of: event)))]
        if isVoice { body += [("callId", .string(event.contactID)), ("leg", .string(""))] }
        body.append(("additionalDetail", .object(JSONObject(members: detail))))
        let identity = event.customerAddress.flatMap(ContactAddress.identity)
        let draft = CIMDraft(
            id: id, sender: CIMDraft.Sender(id: Self.platform, name: "Amazon Connect", type: "SYSTEM"), timestamp: event.time,
            intent: isVoice ? intent(for: event.eventType) : nil, channelCustomerIdentifier: identity,
            serviceIdentifier: identity.map { _ in event.systemAddress.flatMap(ContactAddress.identity) ?? Self.platform },
            conversationID: "\(Self.platform):contact:\(event.initialContactID ?? event.contactID)",
            customerID: identity == nil ? event.customerProfileID : nil, body: body)
        return .activity(eventID: event.eventID ?? id, message: AdaptedMessage(id: id, bytes: draft.bytes))
    }

    private func intent(for eventType: String) -> String? {
        switch eventType {
        case "CONNECTED_TO_AGENT": "CALL_LEG_STARTED"
        case "DISCONNECTED": "END_VOICE"
        case "PAUSED": "CALL_HOLD"
        case "RESUMED": "CALL_RESUME"
        default: nil
        }
    }

    /// The line the history shows: `Inbound call queued`, `Chat ended (customer disconnected)`.
    func summary(of event: AmazonConnectContactEvent) -> String {
        let subject = ContactWording(channel: event.channel, direction: event.initiationMethod).subject
        switch event.eventType {
        case "INITIATED": return "\(subject) started"
        case "CONNECTED_TO_SYSTEM": return "\(subject) reached the contact center"
        case "QUEUED": return "\(subject) queued"
        case "CONNECTED_TO_AGENT": return "\(subject) connected to an agent"
        case "PAUSED": return "\(subject) paused"
        case "RESUMED": return "\(subject) resumed"
        case "COMPLETED": return "\(subject) completed (after-contact work done)"
        default:
            var line = "\(subject) ended"
            if let start = event.startedAt, let end = event.disconnectedAt, end >= start {
                line += " after \(SpokenDuration.text(seconds: (end.millisecondsSince1970 - start.millisecondsSince1970) / 1000))"
            }
            if let reason = event.disconnectReason { line += " (\(ContactWording.words(reason)))" }
            return line
        }
    }
}
