/// Reads `header` into a ``MessageHeader``.
struct HeaderDecoder {
    let reader: FieldReader

    /// The header; when `sender` is missing or invalid a violation is recorded and a
    /// placeholder stands in, so the remaining header rules still run.
    func decode() -> MessageHeader {
        let sender = decodeSender()
        let channelData = reader.object("channelData").map(decodeChannelData)
        let (channelSessionID, channelSession) = decodeChannelSession()
        let conversationID = reader.text("conversationId").flatMap(nonBlank).map(ConversationID.init)
        let customer = reader.object("customer").map(decodeCustomer)
        let intent = reader.string("intent").flatMap(nonBlank).map(MessageIntent.init(rawValue:))
        let additionalData = reader.any("additionalData")
        let header = MessageHeader(
            sender: sender ?? Sender(id: "", type: .system),
            channelData: channelData,
            channelSessionID: channelSessionID,
            channelSession: channelSession,
            conversationID: conversationID,
            customer: customer,
            intent: intent,
            entities: reader.any("entities"),
            stamps: reader.any("stamps"),
            timestamp: reader.timestamp("timestamp"),
            language: reader.any("language"),
            securityInfo: reader.any("securityInfo"),
            roomID: reader.keptText("roomId"),
            providerMessageID: reader.keptText("providerMessageId"),
            originalMessageID: reader.text("originalMessageId"),
            schedulingMetaData: reader.any("schedulingMetaData"),
            additionalData: additionalData,
            isEncoded: Self.isEncoded(additionalData)
        )
        return header
    }

    /// Whether `additionalData` says the text is encoded: `isEncoded` `true` (or `"true"`).
    /// Anything else, or no such object, is plain text; `additionalData` itself stays free-form.
    private static func isEncoded(_ additionalData: JSONValue?) -> Bool {
        switch additionalData?["isEncoded"] {
        case .bool(true)?: true
        case .string(let text)? where text.lowercased() == "true": true
        default: false
        }
    }

    private func decodeSender() -> Sender? {
        guard let sender = reader.object("sender", required: true) else { return nil }
        let id = sender.text("id", required: true).flatMap { id -> String? in
            if id.isBlank {
                reader.collector.add(sender.pathOf("id"), "must not be empty")
                return nil
            }
            return id
        }
        let type = sender.string("type", required: true, nonEmpty: true)
        let name = sender.text("senderName")
        let detail = sender.any("additionalDetail")
        let participant = sender.any("participant")
        guard let id, let type else { return nil }
        return Sender(id: id, type: SenderType(rawValue: type), senderName: name, additionalDetail: detail, participant: participant)
    }

    private func decodeChannelData(_ channelData: FieldReader) -> ChannelData {
        let attributes = channelData.objects("additionalAttributes") { attribute -> ChannelData.Attribute? in
            let type = attribute.text("type")
            let value = attribute.any("value")
            return attribute.text("key", required: true).map { ChannelData.Attribute(key: $0, type: type, value: value) }
        }
        return ChannelData(
            channelCustomerIdentifier: channelData.text("channelCustomerIdentifier").flatMap(nonBlank),
            serviceIdentifier: channelData.text("serviceIdentifier").flatMap(nonBlank),
            customerFirstName: channelData.text("customerFirstName"),
            customerLastName: channelData.text("customerLastName"),
            requestPriority: channelData.keptText("requestPriority"),
            additionalAttributes: attributes ?? []
        )
    }

    private func decodeChannelSession() -> (ChannelSessionID?, JSONValue?) {
        let flatID = reader.text("channelSessionId").flatMap(nonBlank)
        let session = reader.object("channelSession")
        let nestedID = session?.text("id").flatMap(nonBlank)
        if let flatID, let nestedID, flatID != nestedID {
            reader.collector.add(
                reader.pathOf("channelSession.id"),
                "must equal header.channelSessionId when both are given (\"\(nestedID.prefixForMessage)\" vs \"\(flatID.prefixForMessage)\")"
            )
        }
        let id = (flatID ?? nestedID).map(ChannelSessionID.init)
        return (id, session.map { .object($0.jsonObject) })
    }

    private func decodeCustomer(_ customer: FieldReader) -> Customer {
        let underscoreID = customer.text("_id").flatMap(nonBlank)
        let plainID = customer.text("id").flatMap(nonBlank)
        if let underscoreID, let plainID, underscoreID != plainID {
            reader.collector.add(customer.pathOf("id"), "must equal header.customer._id when both are given")
        }
        return Customer(
            id: (underscoreID ?? plainID).map(CustomerID.init),
            firstName: customer.text("firstName"),
            lastName: customer.text("lastName"),
            isAnonymous: customer.keptBool("isAnonymous"),
            additionalDetail: customer.any("additionalDetail")
        )
    }

    private func nonBlank(_ text: String) -> String? {
        text.isBlank ? nil : text
    }
}
