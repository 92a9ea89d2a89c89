/// One Twilio Event Streams CloudEvent: its id, type and the fields of `data` the store reads.
/// A delivery is an array of them (Event Streams' webhook sinks send an array, today of one)
/// or a single one.
struct TwilioEvent {
    /// What the store keeps of an event.
    enum Kind {
        /// `com.twilio.conversations.message.added`.
        case conversationMessage(conversation: String, message: String, author: String?, text: String?, media: [String])
        /// `com.twilio.conversations.participant.added`: a customer's address, or a chat identity.
        case conversationParticipant(conversation: String, address: String?, identity: String?, name: String?)
        /// `com.twilio.conversations.conversation.added`.
        case conversationStarted(conversation: String, name: String?, address: String?)
        /// `com.twilio.messaging.inbound-message.received`.
        case inboundMessage(message: String, from: String, to: String?, text: String?)
        /// `com.twilio.voice.status-callback.call.*`.
        case call(sid: String, parent: String?, status: String, direction: String?, from: String?, to: String?, duration: Int64?)
    }

    let id: String
    let type: String
    let time: Timestamp?
    let kind: Kind?
    let data: JSONValue

    static let conversationPrefix = "com.twilio.conversations."
    static let callPrefix = "com.twilio.voice.status-callback.call."

    /// Reads every CloudEvent of a delivery.
    static func read(_ delivery: PlatformDelivery) -> [TwilioEvent] {
        switch delivery.rootKind {
        case .object:
            return event(delivery.object(at: JSONTape.root, path: ""), delivery).map { [$0] } ?? []
        case .array:
            let elements = delivery.tape.elements(of: JSONTape.root)
            if elements.isEmpty { delivery.collector.add("", "must hold at least one CloudEvent") }
            return elements.enumerated().compactMap { offset, element in
                guard delivery.tape[element].kind == .object else {
                    delivery.collector.add("[\(offset)]", "must be a CloudEvent object, found \(delivery.tape[element].kind.typeName)")
                    return nil
                }
                return event(delivery.object(at: element, path: "[\(offset)]"), delivery)
            }
        case let kind:
            delivery.collector.add("", "must be a CloudEvent or an array of CloudEvents (Twilio Event Streams), found \(kind.typeName)")
            return []
        }
    }

    private static func event(_ reader: FieldReader, _ delivery: PlatformDelivery) -> TwilioEvent? {
        let id = reader.string("id", required: true, nonEmpty: true)
        let type = reader.string("type", required: true, nonEmpty: true)
        guard let id, let type else { return nil }
        let stored =
            type == "com.twilio.conversations.message.added" || type == "com.twilio.conversations.participant.added"
            || type == "com.twilio.conversations.conversation.added" || type == "com.twilio.messaging.inbound-message.received"
            || type.hasPrefix(callPrefix)
        guard stored else {
            return TwilioEvent(id: id, type: type, time: nil, kind: nil, data: .null)
        }
        guard let data = reader.object("data", required: true) else { return nil }
        let time = reader.timestamp("time")
        let kind: Kind?
        switch type {
        case "com.twilio.conversations.message.added":
            let conversation = data.requiredText("ConversationSid")
            let message = data.requiredText("MessageSid")
            let media = data.objects("Media") { $0.text("Filename") ?? $0.text("ContentType") } ?? []
            kind = conversation.flatMap { conversation in
                message.map {
                    .conversationMessage(
                        conversation: conversation, message: $0, author: data.text("Author")?.nilIfBlank,
                        text: data.text("MessageBody") ?? data.text("Body"), media: media)
                }
            }
        case "com.twilio.conversations.participant.added":
            let binding = data.object("MessagingBinding")
            kind = data.requiredText("ConversationSid").map {
                .conversationParticipant(
                    conversation: $0, address: binding?.text("Address")?.nilIfBlank, identity: data.text("Identity")?.nilIfBlank,
                    name: binding?.text("Name")?.nilIfBlank)
            }
        case "com.twilio.conversations.conversation.added":
            kind = data.requiredText("ConversationSid").map {
                .conversationStarted(
                    conversation: $0, name: data.text("FriendlyName")?.nilIfBlank,
                    address: data.object("MessagingBinding")?.text("Address")?.nilIfBlank)
            }
        case "com.twilio.messaging.inbound-message.received":
            let message = data.requiredText("messageSid")
            let from = data.requiredText("from")
            kind = message.flatMap { message in
                from.map { .inboundMessage(message: message, from: $0, to: data.text("to")?.nilIfBlank, text: data.text("body")) }
            }
        default:
            let parameters = data.object("request", required: true)?.object("parameters", required: true)
            let sid = parameters?.requiredText("CallSid")
            let status = parameters?.string("CallStatus")?.nilIfBlank ?? String(type.dropFirst(callPrefix.count))
            kind = sid.map {
                .call(
                    sid: $0, parent: parameters?.text("ParentCallSid")?.nilIfBlank, status: status.lowercased(),
                    direction: parameters?.string("Direction")?.lowercased(), from: parameters?.text("From")?.nilIfBlank,
                    to: parameters?.text("To")?.nilIfBlank, duration: parameters?.integer("CallDuration"))
            }
        }
        let when = time ?? data.timestamp("DateCreated") ?? data.timestamp("timestamp")
        return TwilioEvent(id: id, type: type, time: when, kind: kind, data: delivery.tape.value(at: data.objectIndex))
    }
}
