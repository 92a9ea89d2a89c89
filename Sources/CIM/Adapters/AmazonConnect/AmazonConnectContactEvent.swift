/// One Amazon Connect contact event, as EventBridge delivers it (`detail-type: "Amazon
/// Connect Contact Event"`, the contact under `detail`) or as an integrator forwards its
/// `detail` alone. The documentation's own samples spell some keys in PascalCase
/// (`EventType`, `AgentInfo`) and channels in any case (`Voice`); both are read.
struct AmazonConnectContactEvent {
    /// The EventBridge event id; `nil` for a bare `detail`.
    let eventID: String?
    /// `eventType`: INITIATED, QUEUED, CONNECTED_TO_AGENT, DISCONNECTED, …
    let eventType: String
    let contactID: String
    /// The first contact of a chain of transfers: the conversation.
    let initialContactID: String?
    /// VOICE, CHAT, TASK or EMAIL.
    let channel: String
    let initiationMethod: String?
    /// When the event happened: the timestamp its type names, else EventBridge's `time`.
    let time: Timestamp?
    /// When the contact began (reached the system, else was initiated) and when it ended,
    /// for a call's length.
    let startedAt: Timestamp?
    let disconnectedAt: Timestamp?
    /// The customer's address (`customerEndpoint.address`) and the contact center's.
    let customerAddress: String?
    let systemAddress: String?
    /// The Customer Profiles id, when the contact has one.
    let customerProfileID: String?
    /// The last part of the queue's and agent's ARNs.
    let queue: String?
    let agent: String?
    let disconnectReason: String?
    /// `detail`, as sent.
    let detail: JSONValue

    /// Reads a delivery: an EventBridge event (it has a `detail-type` and a `detail`) or a bare `detail`.
    /// Another `detail-type` is an ``IgnoredEvent`` (acknowledged, not stored).
    static func read(_ delivery: PlatformDelivery) -> Result<AmazonConnectContactEvent, IgnoredEvent>? {
        guard delivery.rootKind == .object else {
            delivery.collector.add(
                "", "must be an EventBridge event or the detail of an Amazon Connect contact event, found \(delivery.rootKind.typeName)")
            return nil
        }
        let root = delivery.object(at: JSONTape.root, path: "")
        var detailReader = root
        var eventID: String?
        var time: Timestamp?
        if root.has("detail-type"), root.has("detail") {
            let detailType = root.string("detail-type", required: true, nonEmpty: true)
            eventID = Self.eventID(root.any("id"))
            // EventBridge's own time is a fallback only: one that does not read as ISO 8601 is
            // left out rather than refusing the event.
            time = root.any("time")?.stringValue.flatMap { Timestamp(iso8601: $0) }
            guard let detail = root.object("detail", required: true) else { return nil }
            if let detailType, detailType != "Amazon Connect Contact Event" {
                return .failure(IgnoredEvent(eventID: eventID, type: detailType, reason: "not an Amazon Connect contact event"))
            }
            detailReader = detail
        }
        let fields = AnyCaseFields(detailReader)
        let eventType = fields.string("eventType", required: true)?.uppercased()
        let contactID = fields.requiredText("contactId")
        let channel = fields.string("channel", required: true)?.uppercased()
        guard let eventType, let contactID, let channel else { return nil }
        let queue = fields.object("queueInfo")
        let agent = fields.object("agentInfo")
        let connectedToSystemAt = fields.timestamp("connectedToSystemTimestamp")
        let disconnectedAt = fields.timestamp("disconnectTimestamp")
        let initiatedAt = fields.timestamp("initiationTimestamp")
        let reached: Timestamp? =
            switch eventType {
            case "INITIATED": initiatedAt
            case "CONNECTED_TO_SYSTEM": connectedToSystemAt
            case "QUEUED": queue?.timestamp("enqueueTimestamp")
            case "CONNECTED_TO_AGENT": agent?.timestamp("connectedToAgentTimestamp")
            case "DISCONNECTED": disconnectedAt
            default: nil
            }
        let tags = fields.object("tags")
        return .success(
            AmazonConnectContactEvent(
                eventID: eventID, eventType: eventType, contactID: contactID, initialContactID: fields.text("initialContactId")?.nilIfBlank,
                channel: channel, initiationMethod: fields.string("initiationMethod")?.uppercased(), time: reached ?? time ?? initiatedAt,
                startedAt: connectedToSystemAt ?? initiatedAt, disconnectedAt: disconnectedAt,
                customerAddress: fields.object("customerEndpoint")?.text("address")?.nilIfBlank,
                systemAddress: fields.object("systemEndpoint")?.text("address")?.nilIfBlank
                    ?? tags?.reader.text("aws:connect:systemEndpoint")?.nilIfBlank,
                customerProfileID: fields.text("customerId")?.nilIfBlank,
                queue: queue?.text("queueArn").flatMap(lastPart), agent: agent?.text("agentArn").flatMap(lastPart),
                disconnectReason: fields.string("disconnectReason")?.nilIfBlank,
                detail: delivery.tape.value(at: detailReader.objectIndex)))
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

    private static func lastPart(_ arn: String) -> String? {
        arn.split(separator: "/").last.map(String.init)?.nilIfBlank
    }
}

/// An event a platform delivered that the store acknowledges and does not keep.
struct IgnoredEvent: Error {
    let eventID: String?
    let type: String
    let reason: String
}

/// The fields of an object whose keys come in camelCase or PascalCase: `contactId` is read
/// as `ContactId` when only that is there.
struct AnyCaseFields {
    let reader: FieldReader

    init(_ reader: FieldReader) {
        self.reader = reader
    }

    private func key(_ key: String) -> String {
        let pascal = key.prefix(1).uppercased() + key.dropFirst()
        return !reader.has(key) && reader.has(pascal) ? pascal : key
    }

    func string(_ name: String, required: Bool = false, nonEmpty: Bool? = nil) -> String? {
        reader.string(key(name), required: required, nonEmpty: nonEmpty ?? required)
    }
    func text(_ name: String) -> String? { reader.text(key(name)) }
    func requiredText(_ name: String) -> String? { reader.requiredText(key(name)) }
    func timestamp(_ name: String) -> Timestamp? { reader.timestamp(key(name)) }
    func object(_ name: String) -> AnyCaseFields? { reader.object(key(name)).map(AnyCaseFields.init) }
}
