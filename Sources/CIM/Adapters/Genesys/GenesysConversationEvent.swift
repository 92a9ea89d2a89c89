/// One Genesys Cloud conversation detail event, as its Amazon EventBridge integration delivers
/// it (`detail-type: v2.detail.events.conversation.{id}.customer.start`, the event under
/// `detail.eventBody`), or as an integrator forwards the `detail` alone.
struct GenesysConversationEvent {
    /// The EventBridge event id; `nil` for a bare `detail`.
    let eventID: String?
    /// What happened: `customer.start`, `acd.end`, `acw`, … (the topic after the conversation).
    let topic: String
    let conversationID: String
    let participantID: String?
    /// VOICE, CHAT, MESSAGE, EMAIL, CALLBACK, …
    let mediaType: String
    let direction: String?
    let time: Timestamp?
    /// The customer's address: the caller (`ani`) or the sender (`addressFrom`) of an inbound
    /// conversation, the callee (`dnis`, `addressTo`) of an outbound one.
    let customerAddress: String?
    /// The contact center's address: the other end.
    let serviceAddress: String?
    let externalContactID: String?
    /// How it ended (`disconnectType`), the ACD's outcome (`acdOutcome`), the flow's exit
    /// (`exitReason`), the wrap-up's notes, and how long the participant was there.
    let disconnectType: String?
    let acdOutcome: String?
    let exitReason: String?
    let wrapupNotes: String?
    let duration: Int64?
    /// `eventBody`, as sent.
    let body: JSONValue

    /// The topics of conversation detail events the store keeps.
    static let storedTopics: Set<String> = [
        "customer.start", "customer.end", "acd.start", "acd.end", "user.start", "user.end", "acw", "flow.start", "flow.end",
    ]
    static let topicPrefix = "v2.detail.events.conversation."

    /// Reads a delivery: an EventBridge event (it has a `detail-type` and a `detail`) or its `detail`.
    /// Another topic is an ``IgnoredEvent`` (acknowledged, not stored).
    static func read(_ delivery: PlatformDelivery) -> Result<GenesysConversationEvent, IgnoredEvent>? {
        guard delivery.rootKind == .object else {
            delivery.collector.add("", "must be an EventBridge event or its detail, found \(delivery.rootKind.typeName)")
            return nil
        }
        let root = delivery.object(at: JSONTape.root, path: "")
        var detail = root
        var eventID: String?
        var detailType: String?
        if root.has("detail-type"), root.has("detail") {
            detailType = root.string("detail-type", required: true, nonEmpty: true)
            eventID = Self.eventID(root.any("id"))
            guard let reader = root.object("detail", required: true) else { return nil }
            detail = reader
        }
        // The envelope's detail-type is what EventBridge rules route by; a bare detail has
        // only its topicName.
        let topicName = detailType ?? detail.string("topicName")?.nilIfBlank
        guard let topicName else {
            detail.collector.add(detail.pathOf("topicName"), "is required: the Genesys Cloud topic of the event")
            return nil
        }
        guard topicName.hasPrefix(topicPrefix), let topic = topic(of: topicName), storedTopics.contains(topic) else {
            return .failure(IgnoredEvent(eventID: eventID, type: detailType ?? topicName, reason: "not a conversation detail event this store keeps"))
        }
        guard let event = detail.object("eventBody", required: true) else { return nil }
        let conversationID = event.requiredText("conversationId")
        let mediaType = event.string("mediaType", required: true, nonEmpty: true)?.uppercased()
        guard let conversationID, let mediaType else { return nil }
        let direction = event.string("direction")?.uppercased()
        let inbound = direction != "OUTBOUND"
        let from = event.text("ani")?.nilIfBlank ?? event.text("addressFrom")?.nilIfBlank
        let to = event.text("dnis")?.nilIfBlank ?? event.text("addressTo")?.nilIfBlank
        return .success(
            GenesysConversationEvent(
                eventID: eventID, topic: topic, conversationID: conversationID, participantID: event.text("participantId")?.nilIfBlank,
                mediaType: mediaType, direction: direction,
                time: event.timestamp("eventTime") ?? detail.timestamp("timestamp")
                    ?? root.any("time")?.stringValue.flatMap { Timestamp(iso8601: $0) },
                customerAddress: inbound ? from : to, serviceAddress: inbound ? to : from,
                externalContactID: event.text("externalContactId")?.nilIfBlank, disconnectType: event.string("disconnectType")?.nilIfBlank,
                acdOutcome: event.string("acdOutcome")?.nilIfBlank, exitReason: event.string("exitReason")?.nilIfBlank,
                wrapupNotes: event.text("wrapupNotes")?.nilIfBlank,
                duration: event.integer("interactingDurationMs") ?? event.integer("connectedDurationMs") ?? event.integer("wrapupDurationMs"),
                body: delivery.tape.value(at: event.objectIndex)))
    }

    /// EventBridge's event id, the idempotency key: a string (or a number); anything else
    /// is left out, and the event's content stands in.
    private static func eventID(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text.nilIfBlank
        case .number(let number)?: number.text
        default: nil
        }
    }

    /// `customer.start` of `v2.detail.events.conversation.<id>.customer.start` (or `{id}`, as
    /// in a detail-type).
    private static func topic(of name: String) -> String? {
        let rest = name.dropFirst(topicPrefix.count)
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        return String(rest[rest.index(after: dot)...]).nilIfBlank
    }
}
