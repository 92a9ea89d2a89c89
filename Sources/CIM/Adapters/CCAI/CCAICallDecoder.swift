/// Reads CCAI Platform call objects: one object, or an array of them (at most
/// ``maximumCalls``). The reference's own examples are the contract: `null` for unknown
/// agents, menus and end users, empty arrays, ISO-8601 times, and a `status` from the
/// documented list (case and spaces aside: `Action Only Finished` is `action_only_finished`).
/// A chat object (`chat_type`) is refused: this route takes calls.
public struct CCAICallDecoder: Sendable {
    /// The most call objects one request may carry.
    public static let maximumCalls = 1000

    /// The JSON limits.
    public var parser: JSONParser

    /// Creates a decoder.
    public init(parser: JSONParser = JSONParser()) {
        self.parser = parser
    }

    /// Reads every call of a request, or none.
    ///
    /// - Throws: ``CIMError`` naming every invalid field of every call.
    public func decode(_ bytes: some Collection<UInt8>) throws(CIMError) -> [CCAICall] {
        let outcome: Result<[CCAICall], CIMError>
        do {
            outcome = try parser.withTape(of: bytes) { tape in decode(tape) }
        } catch {
            throw CIMError.malformed(error)
        }
        return try outcome.get()
    }

    private func decode(_ tape: JSONTape) -> Result<[CCAICall], CIMError> {
        let collector = ViolationCollector()
        var calls: [CCAICall] = []
        switch tape[JSONTape.root].kind {
        case .object:
            if let call = call(FieldReader(tape: tape, objectIndex: JSONTape.root, path: "", collector: collector), tape: tape) {
                calls.append(call)
            }
        case .array:
            let elements = tape.elements(of: JSONTape.root)
            if elements.isEmpty { collector.add("", "must hold at least one call object") }
            if elements.count > Self.maximumCalls {
                collector.add("", "must hold at most \(Self.maximumCalls) call objects, found \(elements.count)")
            }
            for (offset, element) in elements.enumerated() where elements.count <= Self.maximumCalls {
                guard tape[element].kind == .object else {
                    collector.add("[\(offset)]", "must be a call object, found \(tape[element].kind.typeName)")
                    continue
                }
                if let call = call(FieldReader(tape: tape, objectIndex: element, path: "[\(offset)]", collector: collector), tape: tape) {
                    calls.append(call)
                }
            }
        case let kind:
            collector.add("", "must be a CCAI Platform call object or an array of them, found \(kind.typeName)")
        }
        guard collector.isEmpty else { return .failure(CIMError(code: .invalidWebhook, violations: collector.violations)) }
        return .success(calls)
    }

    private func call(_ reader: FieldReader, tape: JSONTape) -> CCAICall? {
        if reader.has("chat_type"), !reader.has("call_type") {
            reader.collector.add(reader.pathOf("chat_type"), "names a chat object; this route takes call objects (with call_type)")
            return nil
        }
        let id = reader.integer("id", required: true)
        let status = self.status(reader)
        let agent = reader.object("agent_info")
        let endUser = reader.object("end_user")
        let menu = reader.object("menu_path")?.text("name")?.nilIfBlank ?? reader.object("selected_menu")?.text("name")?.nilIfBlank
        let participantEndUser = reader.objects("participants") { participant in
            participant.string("type") == "end_user" ? participant.integer("end_user_id") : nil
        }?.first
        let transfers =
            reader.objects("transfers") { transfer in
                CCAICall.Transfer(
                    id: transfer.integer("id"), status: transfer.string("status"),
                    createdAt: transfer.timestamp("created_at"),
                    target: transfer.object("to_agent").flatMap(agentName) ?? transfer.object("to_menu")?.text("name")?.nilIfBlank)
            } ?? []
        let call = CCAICall(
            id: id ?? 0, parentID: reader.integer("parent_id"), callType: reader.text("call_type")?.nilIfBlank, status: status ?? "",
            createdAt: reader.timestamp("created_at"), queuedAt: reader.timestamp("queued_at"), assignedAt: reader.timestamp("assigned_at"),
            connectedAt: reader.timestamp("connected_at"), endsAt: reader.timestamp("ends_at"), scheduledAt: reader.timestamp("scheduled_at"),
            waitDuration: reader.integer("wait_duration"), callDuration: reader.integer("call_duration"),
            holdDuration: reader.integer("hold_duration"), failReason: meaningful(reader.string("fail_reason"), none: "nothing"),
            failDetails: reader.text("fail_details")?.nilIfBlank, deflection: meaningful(reader.string("deflection"), none: "no_deflection"),
            menu: menu, agentID: agent?.integer("id"), agentName: agent.flatMap(agentName),
            endUserID: endUser?.integer("id") ?? participantEndUser, transfers: transfers, object: tape.value(at: reader.objectIndex))
        return id != nil && status != nil ? call : nil
    }

    private func status(_ reader: FieldReader) -> String? {
        guard let sent = reader.string("status", required: true, nonEmpty: true) else { return nil }
        let status = sent.trimmingSpaces.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
        guard CCAICall.statuses.contains(status) else {
            reader.collector.add(
                reader.pathOf("status"), "must be one of \(CCAICall.statuses.joined(separator: ", ")), found \"\(sent.prefixForMessage)\"")
            return nil
        }
        return status
    }

    private func agentName(_ agent: FieldReader) -> String? {
        if let name = agent.text("name")?.nilIfBlank { return name }
        let parts = [agent.text("first_name"), agent.text("last_name")].compactMap { $0?.nilIfBlank }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    private func meaningful(_ value: String?, none: String) -> String? {
        guard let value = value?.nilIfBlank, value != none else { return nil }
        return value
    }

}
