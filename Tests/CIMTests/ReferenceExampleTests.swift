import CIM
import Testing

/// Every example of the reference guides, made into valid JSON, is accepted and normalized.
@Suite struct ReferenceExampleTests {
    private func decode(_ name: String, origin: MessageOrigin = .cimMessage) throws -> (CIMMessage, Activity) {
        let decoded = try MessageDecoder().decode(try fixture(name), origin: origin)
        let activity = Normalizer().activity(for: decoded.message, origin: origin, receivedAt: Timestamp(millisecondsSince1970: 99))
        return (decoded.message, activity)
    }

    @Test func cimMessageHeaderExampleWithNullsEverywhere() throws {
        let (message, activity) = try decode("cim-message-header-example.json")
        #expect(message.header.sender.type == .connector)
        #expect(message.header.channelData?.requestPriority == "0")
        #expect(message.header.intent == nil)
        #expect(activity.type == .customerMessage)
        #expect(activity.channelCustomerIdentifier == "+41795551234")
        #expect(activity.serviceIdentifier == "+41445559876")
        #expect(activity.occurredAt == Timestamp(millisecondsSince1970: 1_677_151_053_951))
    }

    @Test func ivrAggregatedActivityGuideExample() throws {
        let (message, activity) = try decode("ivr-aggregated-activity.json")
        guard case .ivrAggregatedActivity(let ivr) = message.body.content else {
            Issue.record("not an IVR body: \(message.body.content)")
            return
        }
        #expect(ivr.startDirection == "INBOUND")
        #expect(ivr.endDirection == .transfer)
        #expect(
            ivr.menuVisits == [
                .init(
                    menu: "Main", selection: "Billing", timestamp: Timestamp(millisecondsSince1970: 1_680_692_114_700),
                    metadata: .object(JSONObject()))
            ])
        #expect(message.header.sender.type == .ivr)
        #expect(message.header.channelData?.additionalAttributes.map(\.key) == ["callVariable1", "callVariable2"])
        #expect(activity.type == .ivrAggregatedActivity)
        #expect(activity.serviceIdentifier == "1218")
    }

    /// The vendor's own call-leg events send `reasonCode` as a name (`"DIALOG_ENDED"`) where
    /// delivery notifications send a number, and `stamps` as objects: both are kept as sent.
    @Test func vendorCallLegEventWithANamedReasonCode() throws {
        let (message, activity) = try decode("vendor-call-leg-ended.json")
        guard case .voice(let voice) = message.body.content else {
            Issue.record("not a voice body: \(message.body.content)")
            return
        }
        #expect(voice.reasonCode == .string("DIALOG_ENDED"))
        #expect(voice.callID == "dialog-1002")
        #expect(message.header.intent == MessageIntent(rawValue: "CALL_LEG_ENDED"))
        #expect(activity.occurredAt == Timestamp(millisecondsSince1970: 1_680_692_180_000))
        #expect(activity.channelCustomerIdentifier == "+41795551234")
    }

    /// Fields the store only keeps take any JSON type; fields it shows take any scalar; the
    /// fields it routes, orders or decides by stay strict.
    @Test func keptFieldsTakeAnyTypeWhileRoutingFieldsStayStrict() {
        let kept =
            #""sender": {"id": "s-1", "type": "CONNECTOR"}, "channelData": {"channelCustomerIdentifier": "+4179", "requestPriority": {"level": 1}}, "stamps": "x", "roomId": ["r"], "providerMessageId": {"id": 1}"#
        #expect(violations(message(header: kept, body: #""type": "VOICE", "callId": "c", "leg": "l", "reasonCode": {"code": 7}"#)).isEmpty)
        #expect(
            violations(
                message(
                    header: connectorHeader,
                    body: #""type": "DELIVERYNOTIFICATION", "messageId": "m-0", "status": "FAILED", "reasonCode": "NOT_REGISTERED""#)
            ).isEmpty)
        #expect(
            violations(
                message(
                    header: connectorHeader,
                    body: #""type": "IMAGE", "attachment": {"mediaUrl": "https://x/y.jpg", "size": "41 KB", "mimeType": 7, "thumbnail": {}}"#)
            ).isEmpty)
        #expect(
            violations(
                message(
                    header: connectorHeader, body: #""type": "LOCATION", "location": {"latitude": 1, "longitude": 2}, "additionalDetails": "Zürich""#)
            ).isEmpty)
        let strict = #""sender": {"id": "s-1", "type": "CONNECTOR"}, "channelData": {"channelCustomerIdentifier": ["+4179"]}, "timestamp": "noon""#
        #expect(
            violatedFields(message(header: strict, body: #""type": "VOICE", "callId": {"id": 1}, "leg": "l""#)) == [
                "header.channelData.channelCustomerIdentifier", "header.timestamp", "body.callId",
                "header",
            ])
    }

    @Test func thirdPartyActivityWithAnInventedBodyType() throws {
        let (message, activity) = try decode("third-party-fnb.json", origin: .thirdPartyActivity)
        guard case .generic(let fields) = message.body.content else {
            Issue.record("not generic: \(message.body.content)")
            return
        }
        #expect(fields["custom1"] == .string("DummyValue1"))
        #expect(message.body.markdownText == "hello")
        #expect(activity.type == .thirdPartyActivity)
        #expect(activity.customerID == CustomerID("642b51a6a2f6d86f7bb0c59f"))
        #expect(activity.conversationID == ConversationID("642b51a7a2f6d86f7bb0c5a0"))
        #expect(activity.channelCustomerIdentifier == nil, "an empty identifier is no identity")
        #expect(activity.occurredAt == Timestamp(millisecondsSince1970: 99), "no header timestamp: receive time")
    }

    @Test func thirdPartyRecordingLinkedToAChannelSession() throws {
        let (_, activity) = try decode("third-party-voice-recording.json", origin: .thirdPartyActivity)
        #expect(activity.type == .thirdPartyActivity)
        #expect(activity.channelSessionID == ChannelSessionID("ede4d483a1b2c3d4e5f60718"))
    }

    @Test func imageMessageWithNumericStringTimestamp() throws {
        let (message, activity) = try decode("image-message.json")
        guard case .media(let media) = message.body.content else {
            Issue.record("not media")
            return
        }
        #expect(media.attachment.size == 41047)
        #expect(media.caption == "Screenshot")
        #expect(activity.occurredAt == Timestamp(millisecondsSince1970: 1_652_080_145_000))
        #expect(activity.type == .customerMessage)
    }

    @Test func deliveryNotificationFromAnAgentDeskWithParticipantAndSessionObject() throws {
        let (message, activity) = try decode("delivery-notification.json")
        #expect(message.header.sender.senderName == nil)
        #expect(message.header.sender.participant != nil)
        guard case .deliveryNotification(let notification) = message.body.content else {
            Issue.record("not a delivery notification")
            return
        }
        #expect(notification.reasonCode == 200)
        #expect(notification.status == "READ")
        #expect(activity.type == .messageDeliveryNotification)
        #expect(activity.channelSessionID == ChannelSessionID("ede4d483a1b2c3d4e5f60718"))
        #expect(activity.occurredAt == Timestamp(millisecondsSince1970: 1_740_753_781_619))
    }

    @Test func wrapUpExample() throws {
        let (_, activity) = try decode("wrapup.json")
        #expect(activity.type == .wrapUpApplied)
    }

    @Test func thirdPartyExamplesAreAlsoValidCIMMessages() throws {
        #expect(violations(try fixture("third-party-fnb.json")).isEmpty)
        #expect(violations(try fixture("third-party-voice-recording.json")).isEmpty)
    }
}
