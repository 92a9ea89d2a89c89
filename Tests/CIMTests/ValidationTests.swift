import CIM
import Testing

@Suite struct ValidationTests {
    @Test func aMinimalMessageIsValid() {
        #expect(violations(message(header: connectorHeader, body: #""type": "PLAIN", "markdownText": "hi""#)).isEmpty)
    }

    @Test func everyViolationIsListedAtOnceWithItsPath() {
        let bytes = message(
            id: "\"\"",
            header: #""sender": {"type": 7}, "timestamp": "last tuesday""#,
            body: #""type": "LOCATION", "location": {"latitude": "north"}"#
        )
        let found = violations(bytes)
        #expect(
            found.map(\.field) == [
                "id", "header.sender.id", "header.sender.type", "header.timestamp",
                "body.location.latitude", "body.location.longitude", "header",
            ])
        #expect(found[0].message == "must not be empty")
        #expect(found[2].message == "must be a string, found number")
        #expect(found[3].message.contains("ISO-8601"))
    }

    @Test func theRootMustBeAnObject() {
        for text in ["[]", "\"text\"", "42", "null"] {
            #expect(
                violations(Array(text.utf8)).map(\.message) == ["the message must be a JSON object, found \(JSONParser().parseOrNil(text) ?? "?")"])
        }
    }

    @Test func idHeaderAndBodyAreRequired() {
        #expect(violatedFields(Array("{}".utf8)) == ["id", "header", "body"])
        #expect(violatedFields(Array(#"{"id": "x", "header": null, "body": null}"#.utf8)) == ["header", "body"])
        #expect(violatedFields(message(header: connectorHeader, body: #""markdownText": "no type""#)) == ["body.type"])
    }

    @Test func numericIDsAreReadAsTextButOverlongOnesAreRefused() {
        #expect(violations(message(id: "12345", header: connectorHeader, body: #""type": "PLAIN""#)).isEmpty)
        let long = "\"" + String(repeating: "a", count: 257) + "\""
        #expect(violatedFields(message(id: long, header: connectorHeader, body: #""type": "PLAIN""#)) == ["id"])
    }

    @Test func aMessageMustBeAttributableToSomeone() {
        let anonymous = message(
            header: #""sender": {"id": "s", "type": "BOT"}, "channelData": {"channelCustomerIdentifier": "", "serviceIdentifier": "1"}"#,
            body: #""type": "PLAIN""#)
        #expect(violatedFields(anonymous) == ["header"])
        for attribution in [
            #""customer": {"_id": "c-1"}"#,
            #""customer": {"id": "c-1"}"#,
            #""conversationId": "conv-1""#,
            #""channelSessionId": "cs-1""#,
            #""channelSession": {"id": "cs-1"}"#,
            #""channelData": {"channelCustomerIdentifier": "+4179"}"#,
        ] {
            let bytes = message(header: #""sender": {"id": "s", "type": "BOT"}, "# + attribution, body: #""type": "PLAIN""#)
            #expect(violations(bytes).isEmpty, "\(attribution)")
        }
    }

    @Test func thirdPartyActivitiesNeedACustomerConversationOrSession() {
        let byIdentityOnly = message(header: connectorHeader, body: #""type": "FNB""#)
        #expect(violatedFields(byIdentityOnly, origin: .thirdPartyActivity) == ["header"])
        let byConversation = message(header: #""sender": {"id": "app", "type": "APP"}, "conversationId": "c""#, body: #""type": "FNB""#)
        #expect(violations(byConversation, origin: .thirdPartyActivity).isEmpty)
    }

    @Test func realTrafficToleranceIsAccepted() {
        let header = """
            "sender": {"id": 77, "type": "agent", "participant": {"id": "p"}},
            "channelSession": {"id": "cs-1", "channel": {"id": "ch"}},
            "customer": {"_id": "c-1", "firstName": null, "isAnonymous": "false"},
            "intent": "SOME_FUTURE_INTENT", "timestamp": "1677151053951", "stamps": null, "entities": null,
            "channelData": {"channelCustomerIdentifier": 41791234567, "requestPriority": "0", "additionalAttributes": null}
            """
        #expect(violations(message(header: header, body: #""type": "PLAIN", "markdownText": null"#)).isEmpty)
    }

    @Test func conflictingDuplicateIdentifiersAreRefused() {
        let session = message(
            header: #""sender": {"id": "s", "type": "BOT"}, "channelSessionId": "a", "channelSession": {"id": "b"}"#, body: #""type": "PLAIN""#)
        #expect(violatedFields(session) == ["header.channelSession.id"])
        let customer = message(header: #""sender": {"id": "s", "type": "BOT"}, "customer": {"_id": "a", "id": "b"}"#, body: #""type": "PLAIN""#)
        #expect(violatedFields(customer) == ["header.customer.id"])
    }

    @Test(arguments: [
        (#""type": "IMAGE""#, ["body.attachment"]),
        (#""type": "VIDEO", "attachment": {"mediaUrl": ""}"#, ["body.attachment.mediaUrl"]),
        (#""type": "AUDIO", "attachment": {"mediaUrl": "u", "size": "big"}"#, []),
        (#""type": "FILE", "attachment": "https://x""#, ["body.attachment"]),
        (#""type": "STICKER""#, ["body.mediaUrl"]),
        (#""type": "LOCATION", "location": {"latitude": 91, "longitude": 8.5}"#, ["body.location.latitude"]),
        (#""type": "CONTACT", "contacts": [{"name": {}}, 3]"#, ["body.contacts[0].name.formattedName", "body.contacts[1]"]),
        (#""type": "CONTACT", "contacts": []"#, ["body.contacts"]),
        (#""type": "URL""#, ["body.mediaUrl"]),
        (#""type": "BUTTON", "buttons": [{"title": "Yes"}]"#, ["body.buttons[0].payload", "body.buttons[0].type"]),
        (#""type": "BUTTON", "buttonMessageType": "SLIDER", "buttons": []"#, ["body.buttonMessageType"]),
        (#""type": "CAROUSEL", "elements": {}"#, ["body.elements"]),
        (#""type": "WRAPUP""#, ["body.wrapups"]),
        (#""type": "WRAPUP", "wrapups": [{"categoryName": "c"}]"#, ["body.wrapups[0].value"]),
        (#""type": "NOTIFICATION""#, ["body.notificationType"]),
        (#""type": "NOTIFICATION", "notificationType": "SOMETHING_NEW""#, ["body.notificationType"]),
        (#""type": "DELIVERYNOTIFICATION", "status": "READ""#, ["body.messageId"]),
        (#""type": "DELIVERYNOTIFICATION", "messageId": "m", "status": "SEEN""#, ["body.status"]),
        (#""type": "DELIVERYNOTIFICATION", "messageId": "m", "reasonCode": "ok""#, []),
        (#""type": "DELIVERYNOTIFICATION", "messageId": "m", "status": "LOST""#, ["body.status"]),
        (#""type": "DELETEDNOTIFICATION""#, ["body.messageId"]),
        (#""type": "VOICE""#, ["body.callId", "body.leg"]),
        (#""type": "EMAIL", "subject": "s""#, ["body.from", "body.replyTo", "body.receivingDate"]),
        (#""type": "COMMENT", "postId": "p", "itemType": "SHARE""#, ["body.itemType"]),
        (#""type": "TEMPLATE", "name": "welcome""#, ["body.namespace"]),
        (#""type": "ACTION""#, ["body.name"]),
    ])
    func requiredFieldsOfEachBodyType(body: String, fields: [String]) {
        #expect(violatedFields(message(header: connectorHeader, body: body)) == fields)
    }

    @Test(arguments: [
        #""type": "PLAIN""#,
        #""type": "IMAGE", "attachment": {"mediaUrl": "https://x/y.png", "size": "41047"}"#,
        #""type": "STICKER", "mediaUrl": "https://x/s.webp""#,
        #""type": "LOCATION", "location": {"latitude": "47.37", "longitude": 8.54}"#,
        #""type": "CONTACT", "contacts": [{"name": {"formattedName": "Ada"}, "phones": [{"phone": "+4179"}]}]"#,
        #""type": "URL", "mediaURL": "https://x""#,
        #""type": "BUTTON", "buttonMessageType": "QUICK_REPLIES", "buttons": [{"title": "Yes", "payload": "Y", "type": "postback"}]"#,
        #""type": "CAROUSEL", "carouselMessageType": "MEDIA", "elements": [{"text": "t", "url": "u"}]"#,
        #""type": "NOTIFICATION", "notificationType": "CHANNEL_SESSION_STARTED""#,
        #""type": "DELETEDNOTIFICATION", "messageId": "m", "timestamp": 1680692114700"#,
        #""type": "VOICE", "callId": 1234, "leg": "A", "reasonCode": "16""#,
        #""type": "EMAIL", "from": "a@b.c", "replyTo": [], "receivingDate": "2025-02-28T14:43:01Z""#,
        #""type": "COMMENT", "postId": "p", "itemType": "TEXT""#,
        #""type": "TEMPLATE", "namespace": "ns", "name": "welcome""#,
        #""type": "CUSTOM", "jsonNode": {"anything": [1, 2]}"#,
        #""type": "ACTION", "name": "END_CONVERSATION""#,
        #""type": "SOMETHING_INVENTED", "whatever": {"x": 1}"#,
    ])
    func validBodiesOfEachType(body: String) {
        #expect(violations(message(header: connectorHeader, body: body)).isEmpty)
    }

    @Test func ivrRulesBeyondTheBody() {
        let header = #""sender": {"id": "ivr", "type": "IVR"}, "channelData": {"channelCustomerIdentifier": "+4179"}, "intent": "START_CHAT""#
        let body =
            #""type": "IVR_AGGREGATED_ACTIVITY", "endDirection": "HANGUP", "startTime": 2000, "endTime": "1000", "activities": [{"selection": "1"}]"#
        #expect(
            violatedFields(message(header: header, body: body)) == [
                "body.startDirection", "body.endDirection", "body.endTime", "body.activities[0].menu",
                "header.intent", "header.channelData.serviceIdentifier", "header.timestamp", "header.sender.senderName",
            ])
    }

    @Test func ivrTimesTakeEpochMillisecondsOnly() {
        let header =
            #""sender": {"id": "ivr", "type": "IVR", "senderName": "MY-IVR"}, "channelData": {"channelCustomerIdentifier": "+4179", "serviceIdentifier": "1218"}, "intent": "IVR_AGGREGATED_ACTIVITY", "timestamp": 1680692114700"#
        let iso = #""type": "IVR_AGGREGATED_ACTIVITY", "startDirection": "INBOUND", "startTime": "2025-02-28T14:43:01Z""#
        #expect(violatedFields(message(header: header, body: iso)) == ["body.startTime"])
        let numeric =
            #""type": "IVR_AGGREGATED_ACTIVITY", "startDirection": "INBOUND", "endDirection": "DIALOG_ENDED", "startTime": "1680692114700", "endTime": 1680692114700"#
        #expect(violations(message(header: header, body: numeric)).isEmpty)
    }

    @Test func anIVRIntentNeedsAnIVRBody() {
        let header =
            #""sender": {"id": "ivr", "type": "IVR"}, "channelData": {"channelCustomerIdentifier": "+4179"}, "intent": "IVR_AGGREGATED_ACTIVITY""#
        #expect(violatedFields(message(header: header, body: #""type": "PLAIN""#)) == ["body.type"])
    }

    @Test func wrongJSONTypesAreNamed() {
        let header = #""sender": {"id": "s", "type": "BOT", "senderName": ["x"]}, "conversationId": {"id": 1}, "customer": "c-1""#
        let found = violations(message(header: header, body: #""type": "PLAIN", "markdownText": {"text": "hi"}"#))
        #expect(
            found.map(\.description) == [
                "header.sender.senderName: must be a string, found array",
                "header.conversationId: must be a string, found object",
                "header.customer: must be an object, found string",
                "body.markdownText: must be a string, found object",
                "header: cannot be attributed to anyone: give at least one of header.customer._id (or id), header.channelData.channelCustomerIdentifier, header.conversationId, header.channelSessionId (or header.channelSession.id)",
            ])
    }

    @Test func malformedJSONIsOneViolationWithItsPosition() {
        do {
            _ = try MessageDecoder().decode(Array("{\"id\": \"x\",}".utf8), origin: .cimMessage)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.violations.count == 1)
            #expect(error.violations[0].message.contains("line 1, column 12"))
        }
    }
}

extension JSONParser {
    fileprivate func parseOrNil(_ text: String) -> String? {
        (try? parse(Array(text.utf8)))?.typeName
    }
}
