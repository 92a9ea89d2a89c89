import Foundation
import Testing

@testable import CIM

/// The parts of the platform adapters that decide who a customer is, on their own.
@Suite struct PlatformAdapterTests {
    @Test func phoneNumbersFromEveryPlatformAreOneE164Identity() {
        let written = [
            "+13175551234", "tel:+13175551234", "whatsapp:+13175551234", "sip:+13175551234@pbx.example.com;user=phone",
            "+1 (317) 555-1234", "  +1.317.555.1234 ",
        ]
        for raw in written { #expect(ContactAddress.phone(raw) == "+13175551234", "\(raw)") }
        #expect(ContactAddress.phone("5511987654321") == "5511987654321", "digits without + are kept as given")
        for raw in ["Anonymous", "client:alice", "+１３１７５５５１２３４", "+١٣١٧٥٥٥١٢٣٤", "12"] {
            #expect(ContactAddress.phone(raw) == nil, "\(raw) is not a phone number")
        }
        #expect(ContactAddress.identity("Maria.Silva@Example.COM") == "maria.silva@example.com")
        #expect(ContactAddress.identity("mailto:jane@acme.inc") == "jane@acme.inc")
        #expect(ContactAddress.identity("sip:+13175551234@pbx.example.com") == "+13175551234", "a SIP URI is a number, not an e-mail")
        #expect(ContactAddress.identity("") == nil)
    }

    @Test func aTwilioChatIdentityIsAnAgentEvenWhenItLooksLikeAnAddress() {
        #expect(TwilioAdapter.messagingAddress("+14567890123") == "+14567890123")
        #expect(TwilioAdapter.messagingAddress("whatsapp:+14567890123") == "+14567890123")
        for identity in ["alice@acme.com", "1001", "system", "agent-7"] {
            #expect(TwilioAdapter.messagingAddress(identity) == nil, "\(identity) is a chat identity")
        }
    }

    /// A leg dialled from a call reaches an agent or a forwarded number: it is kept in the
    /// parent call's conversation, with no customer of its own.
    @Test func aDialledLegBelongsToTheParentCallsCustomer() throws {
        let delivery = #"""
            [{"specversion": "1.0", "type": "com.twilio.voice.status-callback.call.completed", "source": "AB1", "id": "EVleg1",
              "time": "2026-01-05T09:00:00.000Z", "data": {"request": {"parameters": {"CallSid": "CAchild", "ParentCallSid": "CAparent",
              "CallStatus": "completed", "Direction": "outbound-dial", "From": "+15017122661", "To": "+15558675310", "CallDuration": "49"}}}}]
            """#
        let events = try TwilioAdapter().events(in: Array(delivery.utf8))
        guard case .activity(_, let message)? = events.first else {
            Issue.record("the leg was not stored: \(events)")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(message.bytes)) as? [String: Any])
        let header = try #require(json["header"] as? [String: Any])
        #expect(header["conversationId"] as? String == "twilio:call:CAparent")
        #expect(header["channelData"] == nil, "the agent's number is not the customer")
        #expect((json["body"] as? [String: Any])?["markdownText"] as? String == "Outbound call completed after 49s")
    }

    @Test func contactsAreWordedAlikeWhateverThePlatform() {
        #expect(ContactWording(channel: "VOICE", direction: "INBOUND").subject == "Inbound call")
        #expect(ContactWording(channel: "Voice", direction: "QUEUE_TRANSFER").subject == "Transferred call")
        #expect(ContactWording(channel: "CHAT", direction: nil).subject == "Chat")
        #expect(ContactWording(channel: "EMAIL", direction: "OUTBOUND").capitalized == "E-mail")
        #expect(ContactWording.words("CUSTOMER_DISCONNECT") == "customer disconnect")
    }
}
