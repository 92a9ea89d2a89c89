import CIM
import Testing

@Suite struct NormalizationTests {
    private func type(sender: String = "CONNECTOR", intent: String? = nil, body: String, origin: MessageOrigin = .cimMessage) throws -> ActivityType {
        let intentField = intent.map { #", "intent": "\#($0)""# } ?? ""
        let bytes = message(header: #""sender": {"id": "s", "type": "\#(sender)"}, "conversationId": "c""# + intentField, body: body)
        let decoded = try MessageDecoder().decode(bytes, origin: origin)
        return Normalizer().activityType(for: decoded.message, origin: origin)
    }

    @Test(arguments: [
        ("CONNECTOR", "CUSTOMER_MESSAGE"), ("CUSTOMER", "CUSTOMER_MESSAGE"), ("AGENT", "AGENT_MESSAGE"),
        ("agent", "AGENT_MESSAGE"), ("BOT", "BOT_MESSAGE"), ("APP", "THIRD_PARTY_ACTIVITY"), ("SYSTEM", "THIRD_PARTY_ACTIVITY"),
    ])
    func messagesAreTypedBySender(sender: String, expected: String) throws {
        #expect(try type(sender: sender, body: #""type": "PLAIN""#).rawValue == expected)
        #expect(try type(sender: sender, body: #""type": "URL", "mediaUrl": "u""#).rawValue == expected)
    }

    @Test(arguments: [
        ("CALL_LEG_STARTED", "CALL_LEG_STARTED"), ("START_VOICE", "CALL_LEG_STARTED"), ("CALL_LEG_ENDED", "CALL_LEG_ENDED"),
        ("END_VOICE", "CALL_LEG_ENDED"), ("CALL_HOLD", "CALL_HOLD"), ("CALL_RESUME", "CALL_RESUME"),
    ])
    func voiceBodiesAreTypedByIntent(intent: String, expected: String) throws {
        #expect(try type(sender: "AGENT", intent: intent, body: #""type": "VOICE", "callId": "1", "leg": "A""#).rawValue == expected)
    }

    @Test func voiceWithoutALegIntentIsAVoiceActivity() throws {
        #expect(try type(body: #""type": "VOICE", "callId": "1", "leg": "A""#) == .voiceActivity)
    }

    @Test(arguments: [
        ("CHANNEL_SESSION_STARTED", "CHANNEL_SESSION_STARTED"), ("CHANNEL_SESSION_ENDED", "CHANNEL_SESSION_ENDED"),
        ("AGENT_SUBSCRIBED", "AGENT_SUBSCRIBED"), ("TYPING_STARTED", "TYPING_INDICATOR"), ("INFO", "SYSTEM_NOTIFICATION"),
    ])
    func notificationsTakeTheirEventName(notification: String, expected: String) throws {
        #expect(try type(sender: "SYSTEM", body: #""type": "NOTIFICATION", "notificationType": "\#(notification)""#).rawValue == expected)
    }

    @Test func specialBodiesHaveTheirOwnTypes() throws {
        #expect(try type(sender: "AGENT", body: #""type": "WRAPUP", "wrapups": [{"value": "v"}]"#) == .wrapUpApplied)
        #expect(try type(sender: "AGENT", body: #""type": "DELIVERYNOTIFICATION", "messageId": "m""#) == .messageDeliveryNotification)
        #expect(try type(sender: "AGENT", body: #""type": "DELETEDNOTIFICATION", "messageId": "m""#) == .messageDeleted)
        #expect(try type(sender: "AGENT", body: #""type": "ACTION", "name": "END_CONVERSATION""#) == .actionMessage)
    }

    @Test func theThirdPartyRouteAlwaysGivesThirdPartyActivities() throws {
        #expect(try type(sender: "AGENT", body: #""type": "PLAIN""#, origin: .thirdPartyActivity) == .thirdPartyActivity)
        #expect(
            try type(sender: "AGENT", body: #""type": "WRAPUP", "wrapups": [{"value": "v"}]"#, origin: .thirdPartyActivity) == .thirdPartyActivity)
    }

    @Test func routingKeysAndOccurredAt() throws {
        let header = """
            "sender": {"id": "s", "type": "CONNECTOR"}, "customer": {"_id": "cust-1"}, "conversationId": "conv-1",
            "channelSessionId": "cs-1", "channelData": {"channelCustomerIdentifier": "+4179", "serviceIdentifier": "1122"},
            "timestamp": "2025-02-28T14:43:01.619Z"
            """
        let decoded = try MessageDecoder().decode(message(header: header, body: #""type": "PLAIN""#), origin: .cimMessage)
        let activity = Normalizer().activity(for: decoded.message, origin: .cimMessage, receivedAt: Timestamp(millisecondsSince1970: 5))
        #expect(
            activity
                == Activity(
                    messageID: MessageID("m-1"),
                    type: .customerMessage,
                    customerID: CustomerID("cust-1"),
                    channelCustomerIdentifier: "+4179",
                    serviceIdentifier: "1122",
                    conversationID: ConversationID("conv-1"),
                    channelSessionID: ChannelSessionID("cs-1"),
                    occurredAt: Timestamp(millisecondsSince1970: 1_740_753_781_619)
                ))
    }
}
