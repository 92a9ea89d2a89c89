/// Turns Chatwoot account webhooks into activities.
///
/// - A message is a customer's (`incoming`), an agent's or a bot's (`outgoing`, `template`,
///   by its sender); a private note is the agent's, marked as a note. Its id is
///   `chatwoot:message:<id>`, so the same message delivered again is a duplicate; an edit
///   (`message_updated`) is an activity of its own, its id made from the message and a digest
///   of the delivery.
/// - A conversation's creation and each change of its status (`conversation_status_changed`,
///   and the agent-bot events `conversation_resolved` and `conversation_opened`) are system
///   activities, identified by the conversation, the event and a digest of the delivery.
/// - The customer is the conversation's contact, under their phone number (E.164) or
///   e-mail, else `chatwoot:contact:<id>` (a web-widget visitor); the conversation is
///   `chatwoot:conversation:<id>`.
/// - Other events (contacts, typing indicators, widget triggers, inboxes, attribute updates)
///   are acknowledged and not stored.
public struct ChatwootAdapter: PlatformAdapter {
    public static let platform = "chatwoot"

    /// The JSON limits.
    public var parser: JSONParser

    /// Creates an adapter.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    public func events(in delivery: [UInt8]) throws(CIMError) -> [PlatformEvent] {
        try PlatformDelivery.oneEvent(in: delivery, parser: parser, read: ChatwootEvent.read, adapt: event)
    }

    private func event(_ event: ChatwootEvent) -> PlatformEvent {
        let digest = PlatformDelivery.digest(of: event.payload)
        let conversation = event.conversationID.map { "\(Self.platform):conversation:\($0)" }
        let customer = event.contactAddress ?? event.contactID.map { "\(Self.platform):contact:\($0)" }
        var draft = CIMDraft(
            id: "", sender: CIMDraft.Sender(id: Self.platform, name: "Chatwoot", type: "SYSTEM"), timestamp: event.time,
            channelCustomerIdentifier: customer, serviceIdentifier: customer.map { _ in Self.platform }, conversationID: conversation, body: [])
        let detail: (key: String, value: JSONValue) = (
            "additionalDetail",
            .object(JSONObject(members: [("provider", .string(Self.platform)), ("event", .string(event.event)), ("webhook", event.payload)]))
        )
        if let message = event.message {
            draft.id = "\(Self.platform):message:\(message.id)" + (event.event == "message_updated" ? ":updated:\(digest)" : "")
            switch (message.direction, message.senderType) {
            case ("incoming", _), (_, "contact"):
                draft.sender = CIMDraft.Sender(id: customer ?? Self.platform, name: message.senderName ?? customer ?? "Customer", type: "CUSTOMER")
            case (_, "agent_bot"):
                draft.sender = CIMDraft.Sender(id: "\(Self.platform):bot", name: message.senderName ?? "Bot", type: "BOT")
            default:
                draft.sender = CIMDraft.Sender(id: "\(Self.platform):agent", name: message.senderName ?? "Agent", type: "AGENT")
            }
            var text = message.text ?? ""
            if !message.attachments.isEmpty { text += (text.isEmpty ? "" : " ") + "[\(message.attachments.joined(separator: ", "))]" }
            if message.isPrivate { text = "Private note: " + text }
            if event.event == "message_updated" { text = "Edited: " + text }
            draft.body = [("type", .string("PLAIN")), ("markdownText", .string(text)), detail]
        } else {
            draft.id = "\(Self.platform):conversation:\(event.conversationID ?? "-"):\(event.event):\(digest)"
            draft.body = [("type", .string("PLAIN")), ("markdownText", .string(summary(of: event))), detail]
        }
        return .activity(eventID: draft.id, message: AdaptedMessage(id: draft.id, bytes: draft.bytes))
    }

    /// `Conversation started on Acme WhatsApp`, `Conversation resolved`.
    func summary(of event: ChatwootEvent) -> String {
        if event.event == "conversation_created" { return "Conversation started" + (event.inbox.map { " on \($0)" } ?? "") }
        switch event.status ?? (event.event == "conversation_resolved" ? "resolved" : "open") {
        case "open": return "Conversation reopened"
        case "resolved": return "Conversation resolved"
        case "pending": return "Conversation pending"
        case "snoozed": return "Conversation snoozed"
        case let status: return "Conversation \(status)"
        }
    }
}
