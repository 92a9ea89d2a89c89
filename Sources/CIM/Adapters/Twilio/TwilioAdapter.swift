import Foundation

/// Turns Twilio Event Streams CloudEvents into activities.
///
/// - The message id is `twilio:` + the event type + the CloudEvent id (Event Streams
///   delivers at least once and retries for hours: a redelivery is a duplicate).
/// - Conversations: a participant with a messaging binding (`whatsapp:+14567890123`) is the
///   customer, under their E.164 number, and the conversation `twilio:conversation:<sid>` is
///   theirs; a message whose author is a messaging address (`+1…`, `whatsapp:+1…`) is the
///   customer's, one whose author is a chat identity is an agent's (`system` is the
///   platform's).
/// - An inbound SMS or WhatsApp message is the sender's.
/// - Voice status callbacks are `VOICE` activities of the caller of an inbound call or the
///   callee of an outbound one (a leg dialled from a call belongs to the parent call's
///   customer, through its conversation); `in-progress` (answered) starts the call leg, `completed`,
///   `busy`, `no-answer`, `failed` and `canceled` end the call.
/// - Every other event type (delivery receipts, Voice Insights, test events) is acknowledged
///   and not stored.
public struct TwilioAdapter: PlatformAdapter {
    public static let platform = "twilio"

    /// The JSON limits.
    public var parser: JSONParser

    /// Creates an adapter.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    public func events(in delivery: [UInt8]) throws(CIMError) -> [PlatformEvent] {
        try PlatformDelivery.read(delivery, parser: parser) { TwilioEvent.read($0) }.map(event)
    }

    private func event(_ event: TwilioEvent) -> PlatformEvent {
        guard let kind = event.kind else {
            return .ignored(eventID: event.id, type: event.type, reason: "not a conversation, message or call event this store keeps")
        }
        let id = "\(Self.platform):\(event.type.hasPrefix("com.twilio.") ? String(event.type.dropFirst(11)) : event.type):\(event.id)"
        var draft = CIMDraft(
            id: id, sender: CIMDraft.Sender(id: Self.platform, name: "Twilio", type: "SYSTEM"), timestamp: event.time, body: [])
        let detail: (key: String, value: JSONValue) = (
            "additionalDetail",
            .object(JSONObject(members: [("provider", .string(Self.platform)), ("eventType", .string(event.type)), ("event", event.data)]))
        )
        switch kind {
        case .conversationMessage(let conversation, _, let author, let text, let media):
            draft.conversationID = "\(Self.platform):conversation:\(conversation)"
            let customer = author.flatMap(Self.messagingAddress)
            if let customer {
                draft.sender = CIMDraft.Sender(id: customer, name: customer, type: "CUSTOMER")
                draft.channelCustomerIdentifier = customer
                draft.serviceIdentifier = Self.platform
            } else if let author, author != "system" {
                draft.sender = CIMDraft.Sender(id: author, name: author, type: "AGENT")
            }
            let attachments = media.isEmpty ? "" : (text?.isBlank ?? true ? "" : " ") + "[\(media.joined(separator: ", "))]"
            draft.body = [("type", .string("PLAIN")), ("markdownText", .string((text ?? "") + attachments)), detail]
        case .conversationParticipant(let conversation, let address, let identity, let name):
            draft.conversationID = "\(Self.platform):conversation:\(conversation)"
            let customer = address.flatMap(ContactAddress.identity)
            draft.channelCustomerIdentifier = customer
            draft.serviceIdentifier = customer.map { _ in Self.platform }
            let who = customer.map { (name.map { "\($0) " } ?? "") + "(\($0))" } ?? identity ?? "A participant"
            let via = address.flatMap { $0.split(separator: ":").first.map(String.init) }.flatMap { $0.hasPrefix("+") ? nil : $0.capitalized }
            draft.body = [
                ("type", .string("PLAIN")), ("markdownText", .string("\(who) joined the conversation" + (via.map { " on \($0)" } ?? ""))), detail,
            ]
        case .conversationStarted(let conversation, let name, let address):
            draft.conversationID = "\(Self.platform):conversation:\(conversation)"
            let customer = address.flatMap(ContactAddress.identity)
            draft.channelCustomerIdentifier = customer
            draft.serviceIdentifier = customer.map { _ in Self.platform }
            draft.body = [("type", .string("PLAIN")), ("markdownText", .string("Conversation started" + (name.map { ": \($0)" } ?? ""))), detail]
        case .inboundMessage(let message, let from, _, let text):
            let customer = ContactAddress.identity(from) ?? from
            draft.sender = CIMDraft.Sender(id: customer, name: customer, type: "CUSTOMER")
            draft.channelCustomerIdentifier = customer
            draft.serviceIdentifier = Self.platform
            draft.conversationID = "\(Self.platform):message:\(message)"
            draft.body = [("type", .string("PLAIN")), ("markdownText", .string(text ?? "")), detail]
        case .call(let sid, let parent, let status, let direction, let from, let to, let duration):
            let inbound = direction.map { $0 == "inbound" } ?? true
            // A leg dialled from a call (`outbound-dial`) reaches an agent or a forwarded
            // number: its customer is the parent call's, through the parent's conversation.
            let dialledLeg = parent != nil && direction == "outbound-dial"
            let customer = dialledLeg ? nil : (inbound ? from : to).flatMap(ContactAddress.identity)
            draft.channelCustomerIdentifier = customer
            draft.serviceIdentifier = customer.map { _ in (inbound ? to : from).flatMap(ContactAddress.identity) ?? Self.platform }
            draft.conversationID = "\(Self.platform):call:\(parent ?? sid)"
            draft.intent = callIntent(status)
            draft.body = [
                ("type", .string("VOICE")), ("markdownText", .string(callSummary(status: status, inbound: inbound, duration: duration))),
                ("callId", .string(sid)), ("leg", .string("")), detail,
            ]
        }
        return .activity(eventID: event.id, message: AdaptedMessage(id: id, bytes: draft.bytes))
    }

    /// The customer a Conversations author names: a messaging binding's address (an E.164
    /// number, `whatsapp:+1…`, `messenger:…`); a chat identity, even one that looks like an
    /// e-mail or a number, is an agent's.
    static func messagingAddress(_ author: String) -> String? {
        let hasChannel = author.contains(":") && !author.lowercased().hasPrefix("sip")
        guard author.hasPrefix("+") || hasChannel, let phone = ContactAddress.phone(author), phone.hasPrefix("+") else { return nil }
        return phone
    }

    private func callIntent(_ status: String) -> String? {
        switch status {
        case "in-progress", "answered": "CALL_LEG_STARTED"
        case "completed", "busy", "no-answer", "failed", "canceled": "END_VOICE"
        default: nil
        }
    }

    /// `Inbound call ringing`, `Outbound call completed after 49s`.
    func callSummary(status: String, inbound: Bool, duration: Int64?) -> String {
        let subject = inbound ? "Inbound call" : "Outbound call"
        switch status {
        case "in-progress", "answered": return "\(subject) answered"
        case "completed": return "\(subject) completed" + (duration.map { " after \(SpokenDuration.text(seconds: $0))" } ?? "")
        case "no-answer": return "\(subject) not answered"
        default: return "\(subject) \(status.replacingOccurrences(of: "-", with: " "))"
        }
    }
}
