/// Turns 8x8 Voice webhooks into CIM messages.
///
/// - A call event becomes a `VOICE` message of the customer's number (the caller of an
///   inbound leg, the callee of an outbound one) with the virtual number as service
///   identifier, in the conversation of its session. A session that already has a customer
///   keeps it: a leg the IVR bridged to an agent's number is the customer's call too. `CALL_CONNECTED` and
///   `CALL_DISCONNECTED` carry the `CALL_LEG_STARTED`/`CALL_LEG_ENDED` intents. The body's
///   `markdownText` is the line the history shows; `additionalDetail` keeps the webhook.
/// - A session summary becomes an `IVR_AGGREGATED_ACTIVITY` of leg A's customer, with the
///   keypad inputs of the session as its menu activities. It ended in a transfer when
///   another leg was answered.
///
/// The id is `8x8:event:` + `eventId`, `8x8:session-summary:` + `sessionId`, or, without
/// those, derived from the webhook's canonical JSON.
public struct VoiceWebhookAdapter: Sendable {
    /// The `provider` the adapter writes into `additionalDetail`.
    public static let provider = "8x8-voice"

    /// Creates an adapter.
    public init() {}

    /// The message for a call-action or call-status event; `caller` is the customer the
    /// event's session already belongs to, if it does.
    public func message(for event: VoiceCallEvent, caller: VoiceCaller? = nil) -> AdaptedMessage {
        let id = event.eventID.map { "8x8:event:\($0)" } ?? "8x8:\(event.callStatus.lowercased()):\(event.contentDigest.hexPrefix(bytes: 12))"
        var detail: [(key: String, value: JSONValue)] = [("provider", .string(Self.provider)), ("status", .string(event.callStatus))]
        if let dtmf = event.dtmf { detail.append(("dtmf", .string(dtmf))) }
        if let menu = event.clientActionID { detail.append(("clientActionId", .string(menu))) }
        if let duration = event.callDuration { detail.append(("callDuration", .integer(duration))) }
        detail.append(("webhook", event.webhook))
        let draft = CIMDraft(
            id: id, sender: sender(subAccountID: event.subAccountID), timestamp: event.timestamp, intent: intent(for: event.callStatus),
            channelCustomerIdentifier: caller?.number ?? event.party.customerNumber,
            serviceIdentifier: caller.map(\.virtualNumber) ?? event.party.virtualNumber, conversationID: event.sessionID,
            body: [
                ("type", .string("VOICE")), ("markdownText", .string(summary(of: event))), ("callId", .string(event.callID ?? event.sessionID ?? "")),
                ("leg", .string("")), ("additionalDetail", .object(JSONObject(members: detail))),
            ])
        return AdaptedMessage(id: id, bytes: draft.bytes)
    }

    /// The `IVR_AGGREGATED_ACTIVITY` for a session summary, with the session's keypad inputs.
    public func message(for summary: VoiceSessionSummary, keypadInputs: [VoiceKeypadInput]) -> AdaptedMessage {
        let id = "8x8:session-summary:" + (summary.sessionID ?? summary.contentDigest.hexPrefix(bytes: 12))
        let caller = summary.legs.first
        let startTime = summary.startTime ?? caller?.initiatedAt
        let endTime = summary.endTime ?? caller?.disconnectedAt
        let transferred = summary.legs.dropFirst().contains { $0.connectedAt != nil }
        let menus: [JSONValue] = keypadInputs.enumerated().map { index, input in
            .object(
                JSONObject(members: [
                    ("menu", .string(input.menu ?? "Menu \(index + 1)")), ("selection", .string(input.digits)),
                    ("timestamp", .integer(input.pressedAt?.millisecondsSince1970)),
                ]))
        }
        var detail: [(key: String, value: JSONValue)] = [("provider", .string(Self.provider))]
        if let status = summary.sessionStatus { detail.append(("status", .string(status))) }
        detail.append(("webhook", summary.webhook))
        let draft = CIMDraft(
            id: id, sender: sender(subAccountID: summary.subAccountID), timestamp: endTime ?? startTime, intent: "IVR_AGGREGATED_ACTIVITY",
            channelCustomerIdentifier: caller?.party.customerNumber, serviceIdentifier: caller?.party.virtualNumber,
            conversationID: summary.sessionID,
            body: [
                ("type", .string("IVR_AGGREGATED_ACTIVITY")), ("callId", .text(caller?.callID)), ("leg", .string("callA")),
                ("startDirection", .string(caller?.party.direction ?? "INBOUND")),
                ("endDirection", .string(transferred ? "TRANSFER" : "DIALOG_ENDED")),
                ("startTime", .integer(startTime?.millisecondsSince1970)), ("endTime", .integer(endTime?.millisecondsSince1970)),
                ("activities", .array(menus)), ("additionalDetail", .object(JSONObject(members: detail))),
            ])
        return AdaptedMessage(id: id, bytes: draft.bytes)
    }

    private func sender(subAccountID: String?) -> CIMDraft.Sender {
        CIMDraft.Sender(id: subAccountID ?? Self.provider, name: "8x8 Voice", type: "IVR")
    }

    private func intent(for status: String) -> String? {
        switch status {
        case "CALL_CONNECTED": "CALL_LEG_STARTED"
        case "CALL_DISCONNECTED": "CALL_LEG_ENDED"
        default: nil
        }
    }

    /// The line the history shows: `Caller pressed 2 (menu ivr1_level1)`, `Call ended after 23s`.
    func summary(of event: VoiceCallEvent) -> String {
        let number = event.party.customerNumber ?? "an unknown number"
        let menu = event.clientActionID.map { " (menu \($0))" } ?? ""
        if let digits = event.dtmf, ["DTMF_RECEIVED", "ACTION_COMPLETED"].contains(event.callStatus) {
            return "Caller pressed \(digits)\(menu)"
        }
        switch event.callStatus {
        case "ACTION_COMPLETED":
            return "IVR action completed\(menu)"
        case "CALL_INITIATED":
            return event.party.direction == "OUTBOUND" ? "Calling \(number)" : "Call from \(number) initiated"
        case "CALL_RECEIVED":
            return "Incoming call from \(number)"
        case "CALL_CONNECTED":
            return "Call connected"
        case "CALL_DISCONNECTED":
            return "Call ended" + (event.callDuration.map { " after \(SpokenDuration.text(seconds: $0))" } ?? "")
        case "CALL_UPDATED":
            return "Call updated"
        default:
            return "Call status: " + event.callStatus.split(separator: "_").map { $0.lowercased() }.joined(separator: " ")
        }
    }
}
