import CIM

/// A reproducible, realistic contact-center history: customers reached on several
/// channels, conversations with every body type, IVR calls that end in the IVR or transfer,
/// CCAI Platform calls through the webhook adapter, wrap-ups, delivery notifications and
/// third-party activities. The same seed always gives
/// the same messages (and ids), so running the demo twice appends nothing the second time.
struct DemoHistory {
    /// One message and the route it is posted to.
    struct Message {
        let json: String
        let origin: MessageOrigin
    }

    private var random: SplitMix64
    private let start: Int64 = 1_793_491_200_000  // 2026-11-01T00:00:00Z

    init(seed: UInt64) {
        self.random = SplitMix64(seed: seed)
    }

    private static let firstNames = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Ken", "Frances", "Dennis", "Radia", "Edsger", "Anita"]
    private static let lastNames = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Thompson", "Allen", "Ritchie", "Perlman"]
    private static let channels = [("whatsapp", "1122"), ("webchat", "3344"), ("facebook", "5566")]
    private static let customerLines = [
        "Hi, my last invoice shows a roaming charge for a trip I never took.", "The router drops the connection every evening.",
        "I would like to move my contract to my new address.", "Can I get a copy of my payment confirmation?",
        "My new SIM card has not arrived yet.", "Is there a cheaper plan with more data?",
    ]
    private static let agentLines = [
        "Thanks for reaching out, let me check that for you.", "I have refunded the charge, you will see it on your next bill.",
        "I have opened a ticket with our technicians.", "Done! Anything else I can help with?",
    ]
    private static let menus = [["Main", "Billing"], ["Main", "Billing", "Refunds"], ["Main", "Technical support"], ["Main", "Sales"], ["Main"]]

    /// The messages of customer `customer`; call in order 0, 1, 2, … for the seed's history.
    mutating func messages(forCustomer customer: Int) -> [Message] {
        var messages: [Message] = []
        let phone = "+4179" + String(1_000_000 + customer)
        let first = Self.firstNames[customer % Self.firstNames.count]
        let last = Self.lastNames[(customer / Self.firstNames.count + customer) % Self.lastNames.count]
        var time = start + Int64(customer) * 3_600_000 + Int64(random.next(below: 3_000_000))
        let knownAs = customer % 5 < 3 ? "crm-\(10_000 + customer)" : nil
        let conversations = 1 + random.next(below: 3)
        for conversation in 0..<conversations {
            let id = "demo-\(customer)-\(conversation)"
            time += Int64(86_400_000 + random.next(below: 86_400_000))
            if random.next(below: 3) == 0 {
                messages += ivrCall(id: id, phone: phone, time: &time)
            } else {
                let (channel, service) = Self.channels[random.next(below: Self.channels.count)]
                let linked = conversation > 0 ? knownAs : nil
                messages += chat(id: id, phone: phone, channel: channel, service: service, first: first, last: last, customerID: linked, time: &time)
            }
        }
        if customer % 4 == 1 {
            time += 3_600_000
            messages += ccaiCall(customer: customer, time: time)
        }
        if let knownAs, random.next(below: 2) == 0 {
            time += 3_600_000
            messages.append(Message(json: survey(id: "demo-\(customer)-survey", customerID: knownAs, time: time), origin: .thirdPartyActivity))
        }
        return messages
    }

    private mutating func chat(
        id: String, phone: String, channel: String, service: String, first: String, last: String, customerID: String?, time: inout Int64
    ) -> [Message] {
        let conversation = "conv-\(id)"
        let session = "cs-\(id)"
        let header = Header(
            phone: phone, service: service, conversation: conversation, session: session, customerID: customerID, first: first, last: last)
        var messages: [Message] = []
        func add(_ suffix: String, sender: String, senderID: String, intent: String? = nil, body: String, advance: Int64 = 20_000) {
            time += advance
            messages.append(
                Message(
                    json: header.json(id: "\(id)-\(suffix)", sender: sender, senderID: senderID, intent: intent, time: time, body: body),
                    origin: .cimMessage))
        }
        let connector = "\(channel)-connector"
        add("start", sender: "SYSTEM", senderID: "ccm", body: #""type": "NOTIFICATION", "notificationType": "CHANNEL_SESSION_STARTED""#)
        add(
            "c1", sender: "CONNECTOR", senderID: connector, intent: "START_CHAT",
            body: plain(Self.customerLines[random.next(below: Self.customerLines.count)]))
        add(
            "b1", sender: "BOT", senderID: "bot-1",
            body:
                #""type": "BUTTON", "markdownText": "What is it about?", "buttons": [{"title": "Billing", "payload": "BILLING", "type": "postback"}, {"title": "Technical", "payload": "TECH", "type": "postback"}]"#
        )
        add("c2", sender: "CONNECTOR", senderID: connector, body: attachment())
        add(
            "a1", sender: "AGENT", senderID: "agent-\(random.next(below: 4) + 1)",
            body: plain(Self.agentLines[random.next(below: Self.agentLines.count)]), advance: 90_000)
        add(
            "d1", sender: "AGENT", senderID: "agent-desk",
            body: #""type": "DELIVERYNOTIFICATION", "messageId": "\#(id)-c2", "status": "READ", "reasonCode": 200"#)
        if random.next(below: 4) == 0 {
            add(
                "tpl", sender: "AGENT", senderID: "agent-1",
                body: #""type": "TEMPLATE", "namespace": "acme", "name": "payment_reminder", "language": {"code": "en"}"#)
        }
        if random.next(below: 5) == 0 {
            add(
                "car", sender: "BOT", senderID: "bot-1",
                body:
                    #""type": "CAROUSEL", "carouselMessageType": "GENERIC_RICH_MEDIA", "elements": [{"text": "Plan S", "url": "https://acme.example/s"}, {"text": "Plan M", "url": "https://acme.example/m"}]"#
            )
        }
        if random.next(below: 6) == 0 {
            add("del", sender: "CONNECTOR", senderID: connector, body: #""type": "DELETEDNOTIFICATION", "messageId": "\#(id)-c1""#)
        }
        switch random.next(below: 3) {
        case 0:
            add(
                "w1", sender: "AGENT", senderID: "agent-1",
                body:
                    #""type": "WRAPUP", "wrapups": [{"categoryName": "\#(["Billing", "Technical", "Sales"][random.next(below: 3)])", "value": "\#(["resolved", "escalated", "refund issued"][random.next(below: 3)])"}], "note": "customer satisfied""#,
                advance: 300_000)
        case 1:
            add("bye", sender: "CONNECTOR", senderID: connector, intent: "END_CHAT", body: plain("Thanks, bye!"), advance: 60_000)
        default:
            add(
                "end", sender: "SYSTEM", senderID: "ccm", body: #""type": "NOTIFICATION", "notificationType": "CHANNEL_SESSION_ENDED""#,
                advance: 900_000)
        }
        return messages
    }

    private mutating func ivrCall(id: String, phone: String, time: inout Int64) -> [Message] {
        let path = Self.menus[random.next(below: Self.menus.count)]
        let transferred = random.next(below: 2) == 0
        let duration = Int64(20_000 + random.next(below: 200_000))
        let visits = path.enumerated().map { index, menu in
            #"{"menu": "\#(menu)", "selection": "\#(index + 1)", "timestamp": \#(time + Int64(index) * 8000), "metadata": {}}"#
        }
        let ivr = #"""
            {"id": "\#(id)-ivr", "header": {"sender": {"id": "ivr-1", "type": "IVR", "senderName": "ACME-IVR"}, "intent": "IVR_AGGREGATED_ACTIVITY",
             "channelData": {"channelCustomerIdentifier": "\#(phone)", "serviceIdentifier": "1218", "additionalAttributes": [{"key": "dnis", "type": "String2000", "value": "0800123456"}]},
             "timestamp": \#(time + duration)},
             "body": {"type": "IVR_AGGREGATED_ACTIVITY", "callId": "call-\#(id)", "leg": "A", "startDirection": "INBOUND",
                      "endDirection": "\#(transferred ? "TRANSFER" : "DIALOG_ENDED")", "startTime": \#(time), "endTime": \#(time + duration),
                      "activities": [\#(visits.joined(separator: ", "))]}}
            """#
        var messages = [Message(json: ivr, origin: .cimMessage)]
        time += duration
        if transferred {
            let header = Header(
                phone: phone, service: "1218", conversation: "conv-\(id)", session: "cs-\(id)", customerID: nil, first: nil, last: nil)
            let leg = #""type": "VOICE", "callId": "call-\#(id)", "leg": "B""#
            time += 15_000
            messages.append(
                Message(
                    json: header.json(id: "\(id)-leg1", sender: "AGENT", senderID: "agent-2", intent: "CALL_LEG_STARTED", time: time, body: leg),
                    origin: .cimMessage))
            time += Int64(60_000 + random.next(below: 400_000))
            messages.append(
                Message(
                    json: header.json(id: "\(id)-leg2", sender: "AGENT", senderID: "agent-2", intent: "CALL_LEG_ENDED", time: time, body: leg),
                    origin: .cimMessage))
            messages.append(
                Message(
                    json: header.json(
                        id: "\(id)-w", sender: "AGENT", senderID: "agent-2", intent: nil, time: time + 30_000,
                        body: #""type": "WRAPUP", "wrapups": [{"categoryName": "Voice", "value": "handled"}]"#), origin: .cimMessage))
        }
        return messages
    }

    /// A CCAI Platform call through the webhook adapter, one message per state: queued,
    /// assigned, connected and finished, or queued and failed (every third one). Derived
    /// from the customer number alone, so the seed's other messages stay the same.
    private func ccaiCall(customer: Int, time: Int64) -> [Message] {
        let id = 9000 + customer
        let menu = ["Billing", "Technical support", "Sales"][customer % 3]
        func at(_ offset: Int64) -> String { "\"" + Timestamp(millisecondsSince1970: time + offset * 1000).iso8601 + "\"" }
        let wait = Int64(10 + customer % 50)
        let talk = Int64(60 + customer * 7 % 400)
        let base =
            #""id": \#(id), "call_type": "Voice Inbound (API)", "created_at": \#(at(0)), "queued_at": \#(at(5)), "selected_menu": {"id": 9, "name": "\#(menu)"}, "menu_path": {"items_count": 1, "name": "\#(menu)", "materialized_path": "9"}, "end_user": {"id": \#(10_000 + customer), "identifier": null, "out_contact_id": null}, "transfers": [], "participants": []"#
        let agent = #""agent_info": {"id": 2, "name": "Agent Smith"}, "assigned_at": \#(at(5 + wait))"#
        let states =
            customer % 3 == 0
            ? [
                #"{\#(base), "status": "queued", "wait_duration": 0}"#,
                #"{\#(base), "status": "failed", "fail_reason": "no_answer", "ends_at": \#(at(5 + wait)), "wait_duration": \#(wait)}"#,
            ]
            : [
                #"{\#(base), "status": "queued", "wait_duration": 0}"#,
                #"{\#(base), \#(agent), "status": "assigned", "wait_duration": \#(wait)}"#,
                #"{\#(base), \#(agent), "status": "connected", "connected_at": \#(at(8 + wait)), "wait_duration": \#(wait)}"#,
                #"{\#(base), \#(agent), "status": "finished", "connected_at": \#(at(8 + wait)), "ends_at": \#(at(8 + wait + talk)), "wait_duration": \#(wait), "call_duration": \#(talk), "hold_duration": 0}"#,
            ]
        let adapter = CCAICallAdapter()
        return states.flatMap { state in
            let calls = (try? CCAICallDecoder().decode(Array(state.utf8))) ?? []
            return calls.map { Message(json: String(decoding: adapter.message(for: $0).bytes, as: UTF8.self), origin: .cimMessage) }
        }
    }

    private mutating func attachment() -> String {
        switch random.next(below: 6) {
        case 0:
            return
                #""type": "IMAGE", "caption": "Screenshot of the bill", "attachment": {"mediaUrl": "https://files.acme.example/bill-\#(random.next(below: 9999)).jpg", "mimeType": "image/jpeg", "size": 41047}"#
        case 1:
            return
                #""type": "FILE", "attachment": {"mediaUrl": "https://files.acme.example/contract.pdf", "mediaName": "contract.pdf", "mimeType": "application/pdf", "size": 120334}"#
        case 2: return #""type": "LOCATION", "location": {"latitude": 47.3769, "longitude": 8.5417}, "additionalDetails": {"name": "Zürich HB"}"#
        case 3: return #""type": "CONTACT", "contacts": [{"name": {"formattedName": "Jane Roe"}, "phones": [{"phone": "+41795550000"}]}]"#
        case 4: return #""type": "URL", "markdownText": "this page", "mediaUrl": "https://acme.example/help/roaming""#
        default: return #""type": "STICKER", "mediaUrl": "https://files.acme.example/thumbs-up.webp""#
        }
    }

    private func plain(_ text: String) -> String { #""type": "PLAIN", "markdownText": "\#(text)""# }

    private func survey(id: String, customerID: String, time: Int64) -> String {
        #"""
        {"id": "\#(id)", "header": {"sender": {"id": "survey-app", "type": "APP", "senderName": "SurveyApp"}, "customer": {"_id": "\#(customerID)"}, "timestamp": \#(time)},
         "body": {"type": "SURVEY_RESULT", "markdownText": "NPS 9: quick and friendly", "score": 9}}
        """#
    }

    /// The header fields one conversation shares.
    private struct Header {
        let phone: String
        let service: String
        let conversation: String
        let session: String
        let customerID: String?
        let first: String?
        let last: String?

        func json(id: String, sender: String, senderID: String, intent: String?, time: Int64, body: String) -> String {
            let names = first.map { #", "customerFirstName": "\#($0)", "customerLastName": "\#(last ?? "")""# } ?? ""
            let customer = customerID.map { #"{"_id": "\#($0)"}"# } ?? "null"
            let intentJSON = intent.map { #""\#($0)""# } ?? "null"
            // The fields a channel connector sends with every message (see the CIM guide), so
            // that a message weighs what real traffic weighs (about 1 KB).
            return
                #"{"id": "\#(id)", "header": {"sender": {"id": "\#(senderID)", "type": "\#(sender)", "senderName": "\#(senderID)", "additionalDetail": null}, "channelData": {"channelCustomerIdentifier": "\#(phone)", "serviceIdentifier": "\#(service)"\#(names), "requestPriority": 0, "additionalAttributes": [{"key": "language", "type": "String2000", "value": "de-CH"}, {"key": "segment", "type": "String2000", "value": "residential"}]}, "language": {"code": "de"}, "securityInfo": {}, "stamps": [], "entities": {}, "schedulingMetaData": null, "conversationId": "\#(conversation)", "channelSessionId": "\#(session)", "customer": \#(customer), "intent": \#(intentJSON), "originalMessageId": null, "providerMessageId": "wamid.\#(id)", "timestamp": \#(time)}, "body": {\#(body)}}"#
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
