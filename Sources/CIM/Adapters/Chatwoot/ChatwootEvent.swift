/// One Chatwoot account webhook: its `event`, and for the events the store keeps, the message
/// or conversation it carries. Message events carry the message at the top level (with its
/// `conversation`); conversation events are the conversation itself. Both name the contact
/// under `conversation.meta.sender` (`phone_number`, `email`, `name`).
struct ChatwootEvent {
    /// The message of `message_created` and `message_updated`.
    struct Message {
        let id: String
        /// `incoming`, `outgoing` or `template` (the integer codes 0, 1, 3 are read too).
        let direction: String
        let text: String?
        let isPrivate: Bool
        let senderName: String?
        /// `user` (an agent), `agent_bot`, or `contact`.
        let senderType: String
        let attachments: [String]
    }

    let event: String
    let conversationID: String?
    let status: String?
    let inbox: String?
    let time: Timestamp?
    let contactAddress: String?
    let contactID: String?
    let message: Message?
    /// The whole payload, as sent.
    let payload: JSONValue

    static let messageEvents: Set<String> = ["message_created", "message_updated"]
    static let conversationEvents: Set<String> = [
        "conversation_created", "conversation_status_changed", "conversation_resolved", "conversation_opened",
    ]

    /// Reads a delivery; an event the store does not keep is an ``IgnoredEvent``.
    static func read(_ delivery: PlatformDelivery) -> Result<ChatwootEvent, IgnoredEvent>? {
        guard delivery.rootKind == .object else {
            delivery.collector.add("", "must be a Chatwoot webhook object, found \(delivery.rootKind.typeName)")
            return nil
        }
        let root = delivery.object(at: JSONTape.root, path: "")
        guard let event = root.string("event", required: true, nonEmpty: true) else { return nil }
        let isMessage = messageEvents.contains(event)
        guard isMessage || conversationEvents.contains(event) else {
            return .failure(IgnoredEvent(eventID: root.text("id"), type: event, reason: "not a message or a change of a conversation's status"))
        }
        let conversation = isMessage ? root.object("conversation", required: true) : root
        let contact = conversation?.object("meta")?.object("sender")
        let address = contact.flatMap {
            ($0.text("phone_number")?.nilIfBlank).flatMap(ContactAddress.phone) ?? ($0.text("email")?.nilIfBlank).flatMap(ContactAddress.email)
        }
        var message: Message?
        if isMessage {
            let id = root.requiredText("id")
            let sender = root.object("sender")
            let direction = self.direction(root)
            let attachments = root.objects("attachments") { $0.text("file_type") ?? $0.text("data_url") } ?? []
            if let id, let direction {
                message = Message(
                    id: id, direction: direction, text: root.text("content"), isPrivate: root.bool("private") ?? false,
                    senderName: sender?.text("name")?.nilIfBlank,
                    senderType: sender?.string("type")?.lowercased() ?? (direction == "incoming" ? "contact" : "user"), attachments: attachments)
            } else {
                return nil
            }
        }
        let time =
            isMessage ? root.timestamp("created_at") : (seconds(conversation?.number("updated_at")) ?? seconds(conversation?.number("timestamp")))
        return .success(
            ChatwootEvent(
                event: event, conversationID: conversation?.text("id")?.nilIfBlank, status: conversation?.string("status")?.lowercased(),
                inbox: root.object("inbox")?.text("name")?.nilIfBlank, time: time, contactAddress: address,
                contactID: contact?.text("id")?.nilIfBlank,
                message: message, payload: delivery.tape.value(at: JSONTape.root)))
    }

    /// `message_type`: a string at the top level of message events, an integer in older
    /// payloads and inside `conversation.messages`.
    private static func direction(_ root: FieldReader) -> String? {
        guard let index = root.value("message_type") else {
            root.missing("message_type")
            return nil
        }
        let allowed = ["incoming", "outgoing", "template"]
        if root.tape[index].kind == .number {
            switch root.integer("message_type") {
            case 0?: return "incoming"
            case 1?: return "outgoing"
            case 3?: return "template"
            default:
                root.collector.add(root.pathOf("message_type"), "must be incoming, outgoing or template (0, 1 or 3)")
                return nil
            }
        }
        return root.enumeration("message_type", allowed: allowed, required: true)
    }

    /// Epoch seconds (Chatwoot's conversation times) as a timestamp.
    private static func seconds(_ value: Double?) -> Timestamp? {
        guard let value, value > 0, value < 1e11 else { return nil }
        return Timestamp(millisecondsSince1970: Int64(value * 1000))
    }
}
