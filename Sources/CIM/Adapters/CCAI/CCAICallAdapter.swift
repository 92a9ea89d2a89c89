import Crypto

/// Turns a CCAI Platform call object into a `VOICE` message: one activity per state of the
/// call.
///
/// - The message id is `ccai:call:` + id + status + a digest of what makes the state (the
///   status, fail reason, agent, menu, deflection and transfers). The same call posted
///   again unchanged, or with only its running durations changed, has the same id: a
///   duplicate. A new status, agent or transfer is a new activity.
/// - The customer is the end user, under the channel identity `ccai:end-user:<id>` of
///   service `ccai-platform`; a call without a known end user belongs to its conversation.
/// - The conversation is `ccai:call:<id>`, or that of the parent call for a recovered call.
/// - `connected` carries the `CALL_LEG_STARTED` intent; `finished`, `failed` and
///   `action_only_finished` carry `END_VOICE`, which closes the conversation.
/// - The activity happened when the call reached the state (`queued_at` for `queued`, …),
///   else at the latest time the object gives.
public struct CCAICallAdapter: Sendable {
    /// The `provider` the adapter writes into `additionalDetail`, and the service identifier
    /// of end users.
    public static let provider = "ccai-platform"

    /// Creates an adapter.
    public init() {}

    /// The message for one state of `call`.
    public func message(for call: CCAICall) -> AdaptedMessage {
        let id = "ccai:call:\(call.id):\(call.status):\(Array(SHA256.hash(data: Array(stateKey(of: call).utf8))).hexPrefix(bytes: 6))"
        var detail: [(key: String, value: JSONValue)] = [("provider", .string(Self.provider)), ("status", .string(call.status))]
        if let agent = call.agentName { detail.append(("agent", .string(agent))) }
        if let menu = call.menu { detail.append(("menuPath", .string(menu))) }
        if let reason = call.failReason { detail.append(("failReason", .string(reason))) }
        if let wait = call.waitDuration { detail.append(("waitDuration", .integer(wait))) }
        if let talk = call.callDuration { detail.append(("callDuration", .integer(talk))) }
        if let hold = call.holdDuration { detail.append(("holdDuration", .integer(hold))) }
        detail.append(("transferCount", .integer(Int64(call.transfers.count))))
        detail.append(("call", call.object))
        let draft = CIMDraft(
            id: id, sender: CIMDraft.Sender(id: Self.provider, name: "CCAI Platform", type: "SYSTEM"), timestamp: time(of: call),
            intent: intent(for: call.status), channelCustomerIdentifier: call.endUserID.map { "ccai:end-user:\($0)" },
            serviceIdentifier: call.endUserID.map { _ in Self.provider }, conversationID: "ccai:call:\(call.parentID ?? call.id)",
            body: [
                ("type", .string("VOICE")), ("markdownText", .string(summary(of: call))), ("callId", .string(String(call.id))),
                ("leg", .string("")), ("additionalDetail", .object(JSONObject(members: detail))),
            ])
        return AdaptedMessage(id: id, bytes: draft.bytes)
    }

    /// What makes a state of the call: durations are left out, because they run while the
    /// state stays the same.
    private func stateKey(of call: CCAICall) -> String {
        let transfers = call.transfers.map { "\($0.id.map(String.init) ?? "-"):\($0.status ?? "-"):\($0.target ?? "-")" }
        return [
            call.status, call.failReason ?? "", call.agentID.map(String.init) ?? "", call.agentName ?? "", call.menu ?? "",
            call.deflection ?? "", transfers.joined(separator: ","),
        ].joined(separator: "|")
    }

    private func time(of call: CCAICall) -> Timestamp? {
        let reached: Timestamp? =
            switch call.status {
            case "selecting", "scheduled": call.createdAt
            case "queued": call.queuedAt
            case "assigned": call.assignedAt
            case "connected": call.connectedAt
            case "finished", "failed", "action_only_finished", "recovered": call.endsAt
            default: nil
            }
        let known = [call.createdAt, call.queuedAt, call.assignedAt, call.connectedAt, call.endsAt] + call.transfers.map(\.createdAt)
        return reached ?? known.compactMap { $0 }.max()
    }

    private func intent(for status: String) -> String? {
        switch status {
        case "connected": "CALL_LEG_STARTED"
        case "finished", "failed", "action_only_finished": "END_VOICE"
        default: nil
        }
    }

    /// The line the history shows: `Inbound call queued for Lock Star`,
    /// `Outbound call finished with Admin UJET after 3m 12s (on hold 20s)`.
    func summary(of call: CCAICall) -> String {
        let kind = ["Inbound", "Outbound", "Scheduled"].first { call.callType?.contains($0) ?? false }.map { "\($0) call" } ?? "Call"
        let agent = call.agentName
        var line: String
        switch call.status {
        case "selecting": line = "\(kind) in the IVR menu"
        case "queued": line = "\(kind) queued" + (call.menu.map { " for \($0)" } ?? "")
        case "assigned": line = "\(kind) assigned" + (agent.map { " to \($0)" } ?? "")
        case "connecting": line = "\(kind) connecting" + (agent.map { " to \($0)" } ?? "")
        case "connected":
            line =
                "\(kind) connected" + (agent.map { " with \($0)" } ?? "")
                + (call.waitDuration.flatMap { $0 > 0 ? " after waiting \(SpokenDuration.text(seconds: $0))" : nil } ?? "")
        case "finished":
            line =
                "\(kind) finished" + (agent.map { " with \($0)" } ?? "")
                + (call.callDuration.map { " after \(SpokenDuration.text(seconds: $0))" } ?? "")
            if let hold = call.holdDuration, hold > 0 { line += " (on hold \(SpokenDuration.text(seconds: hold)))" }
        case "failed":
            line = "\(kind) failed" + (call.failReason.map { ": \(ContactWording.words($0))" } ?? "") + (call.failDetails.map { " — \($0)" } ?? "")
        case "scheduled": line = "Call scheduled" + (call.scheduledAt.map { " for \($0.iso8601)" } ?? "")
        case "deflected": line = "\(kind) deflected" + (call.deflection.map { ": \(ContactWording.words($0))" } ?? "")
        case "voicemail": line = "Caller leaving a voicemail"
        case "voicemail_received": line = "Voicemail received"
        case "voicemail_read": line = "Voicemail read by an agent"
        case "switching": line = "\(kind) switching to another voice provider"
        case "recovered": line = "\(kind) recovered by a call back"
        case "action_only": line = "\(kind) connected through the client's telephony"
        case "action_only_finished": line = "\(kind) finished through the client's telephony"
        default: line = "\(kind) \(ContactWording.words(call.status))"
        }
        if let transfer = call.transfers.last {
            line += "; transferred" + (transfer.target.map { " to \($0)" } ?? "")
        }
        return line
    }
}
