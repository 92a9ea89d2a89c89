import EventLog
import Foundation
import Projections
import QueryAPI
import StoreTesting
import Testing

/// The agent desk in a real headless Chromium over WebDriver, against the real server on
/// loopback: one browser and one store for the suite. Screenshots of each state go to
/// `.build/desk-screenshots/` (the README's come from there).
@Suite(.serialized) struct DeskBrowserTests {
    /// The customer with the long history: 130 activities in 13 conversations.
    static let phone = "+41 79 555 12 34"
    static let customerID = "crm-desk-1"
    static let historyLength = 130
    static let hostileText = #"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"#

    /// The shared store, server and browser.
    final class Fixture: Sendable {
        let directory: TemporaryDirectory
        let server: TestServer
        let client: HTTPTestClient
        let browser: BrowserSession
        let postedIDs: [String]

        init() async throws {
            directory = try TemporaryDirectory(prefix: "cxstore-desk")
            server = try await TestServer.start(dataDirectory: directory.path)
            client = HTTPTestClient(baseURL: server.baseURL)
            var posted: [String] = []
            for index in 0..<DeskBrowserTests.historyLength {
                let id = "desk-\(String(format: "%03d", index))"
                let route = index == 7 ? "/conversation-manager/activities" : "/ccm/message/receive"
                try await DeskBrowserTests.post(DeskBrowserTests.message(id: id, index: index), to: client, route: route)
                posted.append(id)
            }
            let read = MessageBuilder().with {
                $0.identifier = DeskBrowserTests.phone
                $0.senderType = "CONNECTOR"
                $0.timestamp = 1_790_000_000_000 + 4 * 60_000
            }
            try await DeskBrowserTests.post(
                read.message(id: "desk-read-3", body: #""type": "DELIVERYNOTIFICATION", "messageId": "desk-003", "status": "READ""#), to: client)
            for other in 0..<5 {
                let builder = MessageBuilder().with {
                    $0.identifier = "+4178000000\(other)"
                    $0.conversationID = "other-\(other)"
                }
                try await DeskBrowserTests.post(builder.plain(id: "other-\(other)", text: "Another customer, number \(other)"), to: client)
            }
            postedIDs = posted
            browser = try await BrowserSession()
        }
    }

    static let fixture = Task { try await Fixture() }

    static func post(_ message: String, to client: HTTPTestClient, route: String = "/ccm/message/receive") async throws {
        let response = try await client.send("POST", route, body: Array(message.utf8), headers: [("Content-Type", "application/json")])
        guard (200..<300).contains(response.status) else { throw DeskTestFailure.notAccepted(response.status, response.text) }
    }

    /// Activity `index` of the long history: customer and agent messages, an IVR journey, a
    /// call leg, a third-party activity and a wrap-up, ten per conversation, a minute apart.
    static func message(id: String, index: Int) -> String {
        let time = 1_790_000_000_000 + Int64(index) * 60_000
        let builder = MessageBuilder().with {
            $0.identifier = phone
            $0.customerID = index == 0 ? customerID : nil
            $0.customerNames = index == 0 ? ("Zoë", "Ångström") : nil
            $0.conversationID = "desk-conv-\(index / 10)"
            $0.timestamp = time
            if index % 2 == 1 {
                $0.senderType = "AGENT"
                $0.senderID = "agent-7"
            }
        }
        switch index {
        case 1:
            return #"""
                {"id": "\#(id)", "header": {"sender": {"id": "ivr", "type": "IVR", "senderName": "Main IVR"}, "intent": "IVR_AGGREGATED_ACTIVITY",
                 "channelData": {"channelCustomerIdentifier": "\#(phone)", "serviceIdentifier": "1218"}, "conversationId": "desk-conv-0",
                 "timestamp": \#(time)},
                 "body": {"type": "IVR_AGGREGATED_ACTIVITY", "callId": "call-desk", "startDirection": "INBOUND", "endDirection": "TRANSFER",
                          "startTime": \#(time - 60_000), "endTime": \#(time),
                          "activities": [{"menu": "Main", "selection": "1", "timestamp": \#(time - 60_000)},
                                         {"menu": "Billing", "selection": "2", "timestamp": \#(time - 30_000)}]}}
                """#
        case 5:
            return builder.with { $0.intent = "CALL_LEG_ENDED" }.message(
                id: id, body: #""type": "VOICE", "markdownText": "Call leg ended", "callId": "call-desk", "leg": "B""#)
        case 7:
            return #"""
                {"id": "\#(id)", "header": {"sender": {"id": "survey-app", "type": "APP", "senderName": "Survey"},
                 "customer": {"_id": "\#(customerID)"}, "conversationId": "desk-conv-0", "timestamp": \#(time)},
                 "body": {"type": "SURVEY_RESULT", "markdownText": "Survey answered", "score": 9}}
                """#
        case 9:
            return builder.message(
                id: id, body: #""type": "WRAPUP", "wrapups": [{"categoryName": "Billing", "value": "refund issued"}], "note": "Customer happy""#)
        default:
            let words = index % 2 == 0 ? "Zoë asks about invoice \(index) and the café receipt" : "Agent answers about invoice \(index)"
            return builder.plain(id: id, text: words)
        }
    }

    private func screenshot(_ browser: BrowserSession, _ name: String) async throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/desk-screenshots")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await browser.screenshot().write(to: directory.appendingPathComponent("\(name).png"))
    }

    private func expectNoConsoleErrors(_ browser: BrowserSession) async throws {
        let errors = try await browser.console().filter { $0.level == "SEVERE" || $0.level == "WARNING" }
        #expect(errors.isEmpty, "browser console: \(errors)")
    }

    /// The shared browser on the desk with the long history's customer open.
    private func openLongHistory() async throws -> (Fixture, BrowserSession) {
        let fixture = try await Self.fixture.value
        try await fixture.browser.open(fixture.server.baseURL + "/desk?customer=\(Self.customerID)")
        return (fixture, fixture.browser)
    }

    private func timelineIDs(_ browser: BrowserSession) async throws -> [String] {
        let joined =
            try await browser.run(
                "return [...document.querySelectorAll('#timeline .activity')].map(item => item.dataset.messageId).join(',')") as? String
        return (joined ?? "").split(separator: ",").map(String.init)
    }

    @Test func findsACustomerByPhoneAndScrollsUntilTheWholeHistoryIsThere() async throws {
        let fixture = try await Self.fixture.value
        let browser = fixture.browser
        try await browser.open(fixture.server.baseURL + "/desk")
        let search = try #require(try await browser.element("input[type=search]"))
        try await browser.type("5551234\u{E007}", into: search)
        #expect(try await browser.wait(for: .seconds(10), until: "return document.querySelectorAll('#customer-results button').length > 0"))
        try await screenshot(browser, "desk-search")
        let first = try #require(try await browser.element("#customer-results button"))
        let found = try await browser.text(of: first)
        #expect(found.contains(Self.customerID) && found.contains("Zoë Ångström"), "\(found)")
        try await browser.click(first)

        #expect(try await browser.wait(for: .seconds(10), until: "return document.querySelectorAll('#timeline .activity').length > 0"))
        let name = try await browser.run("return document.getElementById('customer-id').textContent") as? String
        #expect(name?.contains(Self.customerID) == true)
        let firstPage = try await timelineIDs(browser)
        #expect(firstPage.count < Self.historyLength, "the first page is a page, not the whole history")
        #expect(firstPage.first == fixture.postedIDs.last, "newest first")
        try await screenshot(browser, "desk-timeline")

        let complete = try await browser.wait(
            for: .seconds(30),
            until: """
                const pane = document.getElementById('history');
                pane.scrollTop = pane.scrollHeight;
                return document.getElementById('timeline').dataset.complete === 'true';
                """)
        let debug =
            try await browser.run(
                "return document.getElementById('status').textContent + ' | ' + document.getElementById('timeline-loading').hidden + ' | ' + document.getElementById('history').scrollTop + '/' + document.getElementById('history').scrollHeight"
            ) as? String
        #expect(complete, "\(debug ?? "")")
        let all = try await timelineIDs(browser)
        #expect(all == fixture.postedIDs.reversed(), "every activity once, newest first")
        let end = try await browser.run("return document.getElementById('timeline-end').textContent") as? String
        #expect(end?.contains("\(Self.historyLength) activities") == true)
        let groups = try await browser.run("return document.querySelectorAll('#timeline .conversation-group').length") as? Int
        #expect(groups == Self.historyLength / 10)
        func text(_ selector: String) async throws -> String? {
            try await browser.run("return document.querySelector('\(selector)')?.textContent ?? null") as? String
        }
        #expect(try await text("[data-message-id=\"desk-001\"] .menu-path")?.contains("Main (1)Billing (2)transferred") == true, "IVR path")
        #expect(try await text("[data-message-id=\"desk-003\"] .ticks[data-status=\"READ\"]") == "✓✓", "read ticks")
        #expect(try await text("[data-message-id=\"desk-005\"] .call")?.contains("Call call-desk · leg B") == true, "a call and its state")
        #expect(try await text("[data-message-id=\"desk-007\"] .details")?.contains("score9") == true, "a third-party activity")
        #expect(try await text("[data-message-id=\"desk-009\"] .text")?.contains("refund issued") == true, "a wrap-up")
        try await expectNoConsoleErrors(browser)
    }

    @Test func aMessagePostedOverHTTPAppearsWithinTwoSeconds() async throws {
        let (fixture, browser) = try await openLongHistory()
        #expect(try await browser.wait(for: .seconds(10), until: "return document.getElementById('live-state').dataset.state === 'on'"))
        let live = MessageBuilder().with {
            $0.identifier = Self.phone
            $0.conversationID = "desk-conv-live"
            $0.timestamp = 1_800_000_000_000
        }
        let posted = ContinuousClock.now
        try await Self.post(live.plain(id: "desk-live-1", text: "Is anyone there? It is urgent"), to: fixture.client)
        let appeared = try await browser.wait(for: .seconds(2), until: "return !!document.querySelector('[data-message-id=\"desk-live-1\"]')")
        let waited = ContinuousClock.now - posted
        #expect(appeared, "the live message did not appear within 2 s")
        #expect(waited < .seconds(2))
        let top = try await timelineIDs(browser).first
        #expect(top == "desk-live-1", "a live activity goes on top")
        try await expectNoConsoleErrors(browser)
    }

    @Test func hostileMessageTextShowsAsTextAndRunsNothing() async throws {
        let fixture = try await Self.fixture.value
        let browser = fixture.browser
        let escaped = Self.hostileText.replacingOccurrences(of: "\"", with: "\\\"")
        let builder = MessageBuilder().with {
            $0.identifier = "+41780009999"
            $0.conversationID = "hostile"
        }
        try await Self.post(builder.plain(id: "hostile-1", text: escaped), to: fixture.client)
        let desk = try await fixture.client.send("GET", "/desk")
        let policy = desk.headers["content-security-policy"] ?? ""
        #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))

        try await browser.open(fixture.server.baseURL + "/desk")
        let search = try #require(try await browser.element("input[type=search]"))
        try await browser.type("onerror\u{E007}", into: search)
        #expect(
            try await browser.wait(for: .seconds(10), until: "return !!document.querySelector('#activity-results [data-message-id=\"hostile-1\"]')"))
        let result = try #require(try await browser.element("#activity-results [data-message-id=\"hostile-1\"] button"))
        try await browser.click(result)
        #expect(try await browser.wait(for: .seconds(10), until: "return !!document.querySelector('#timeline [data-message-id=\"hostile-1\"]')"))
        let shown = try await browser.run("return document.querySelector('#timeline [data-message-id=\"hostile-1\"] .text').textContent") as? String
        #expect(shown == Self.hostileText)
        let injected = try await browser.run(
            "return document.querySelectorAll('#history img, #history script, #results img, #results script').length")
        #expect(injected as? Int == 0)
        let pwned = try await browser.run("return window.__pwned === undefined ? 'no' : String(window.__pwned)") as? String
        #expect(pwned == "no")
        try await screenshot(browser, "desk-hostile")
        try await expectNoConsoleErrors(browser)
    }

    @Test func aConversationOpensOnItsOwnAndFiltersNarrowTheTimeline() async throws {
        let (_, browser) = try await openLongHistory()
        #expect(try await browser.wait(for: .seconds(10), until: "return document.querySelectorAll('#timeline .activity').length > 0"))
        let open = try #require(try await browser.element("#timeline .conversation-group[data-conversation-id=\"desk-conv-12\"] header button"))
        try await browser.click(open)
        #expect(
            try await browser.wait(for: .seconds(10), until: "return document.querySelectorAll('#conversation-activities .activity').length === 10"))
        let conversationIDs =
            try await browser.run(
                "return [...document.querySelectorAll('#conversation-activities .activity')].map(item => item.dataset.messageId).join(',')")
            as? String
        #expect(conversationIDs == (120..<130).map { "desk-\($0)" }.joined(separator: ","), "oldest first, this conversation only")
        try await screenshot(browser, "desk-conversation")
        let body = try #require(try await browser.element("body"))
        try await browser.type("\u{E00C}", into: body)
        #expect(try await browser.wait(for: .seconds(5), until: "return document.getElementById('conversation').hidden"))

        _ = try await browser.run(
            "const select = document.getElementById('filter-type'); select.value = 'WRAPUP_APPLIED'; select.dispatchEvent(new Event('change', {bubbles: true}));"
        )
        #expect(
            try await browser.wait(
                for: .seconds(10),
                until: """
                    const pane = document.getElementById('history');
                    pane.scrollTop = pane.scrollHeight;
                    const types = [...document.querySelectorAll('#timeline .activity')].map(item => item.dataset.type);
                    return document.getElementById('timeline').dataset.complete === 'true' && types.length > 0
                        && types.every(type => type === 'WRAPUP_APPLIED');
                    """))
        #expect(try await timelineIDs(browser) == ["desk-009"])
        try await expectNoConsoleErrors(browser)
    }

    @Test func theKeyboardFindsAndOpensACustomer() async throws {
        let fixture = try await Self.fixture.value
        let browser = fixture.browser
        try await browser.open(fixture.server.baseURL + "/desk")
        _ = try await browser.run("document.activeElement.blur(); return null")
        try await browser.type("/", into: try #require(try await browser.element("body")))
        #expect(try await browser.run("return document.activeElement.id") as? String == "search", "/ focuses the search")
        try await browser.type("zoe\u{E007}", into: try #require(try await browser.activeElement()))
        #expect(try await browser.wait(for: .seconds(10), until: "return !!document.activeElement.closest('#customer-results')"))
        try await browser.type("\u{E015}", into: try #require(try await browser.activeElement()))
        #expect(
            try await browser.wait(for: .seconds(5), until: "return !!document.activeElement.closest('#activity-results')"),
            "the down arrow moves from the customer to the first activity")
        try await browser.type("\u{E013}", into: try #require(try await browser.activeElement()))
        #expect(try await browser.wait(for: .seconds(5), until: "return !!document.activeElement.closest('#customer-results')"))
        try await browser.type("\u{E007}", into: try #require(try await browser.activeElement()))
        #expect(try await browser.wait(for: .seconds(10), until: "return document.querySelectorAll('#timeline .activity').length > 0"))
        #expect(try await browser.run("return document.getElementById('customer-id').textContent") as? String == "Customer \(Self.customerID)")
        try await expectNoConsoleErrors(browser)
    }

    @Test func aLostServerShowsInTheLiveStateAndTheStatusLine() async throws {
        let directory = try TemporaryDirectory(prefix: "cxstore-desk-lost")
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        try await Self.post(MessageBuilder().with { $0.customerID = "crm-lost" }.plain(id: "lost-1", text: "Before the outage"), to: client)
        let browser = try await Self.fixture.value.browser
        try await browser.open(server.baseURL + "/desk?customer=crm-lost")
        #expect(try await browser.wait(for: .seconds(10), until: "return document.getElementById('live-state').dataset.state === 'on'"))
        await server.stop()
        #expect(try await browser.wait(for: .seconds(10), until: "return document.getElementById('live-state').dataset.state === 'retrying'"))
        try await browser.type("anything\u{E007}", into: try #require(try await browser.element("#search")))
        #expect(try await browser.wait(for: .seconds(10), until: "return document.getElementById('status').dataset.state === 'waiting'"))
        let status = try await browser.run("return document.getElementById('status').textContent") as? String
        #expect(status?.contains("Connection to the store lost") == true, "\(status ?? "")")
        try await screenshot(browser, "desk-lost-connection")
        try await browser.open("about:blank")
        _ = try await browser.console()
    }

    @Test func withCredentialsThePageShowsTheRefusalAndWorksWithOne() async throws {
        let directory = try TemporaryDirectory(prefix: "cxstore-desk-auth")
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
        let token = try file.add(account: "desk", scopes: [.read], now: 1).token
        let ingest = try file.add(account: "connector", scopes: [.ingest], now: 2).token
        try await Task.sleep(for: .milliseconds(1100))
        let client = HTTPTestClient(baseURL: server.baseURL)
        let message = MessageBuilder().with { $0.customerID = "crm-auth" }.plain(id: "auth-1", text: "Behind a credential")
        let posted = try await client.send(
            "POST", "/ccm/message/receive", body: Array(message.utf8),
            headers: [("Content-Type", "application/json"), ("Authorization", "Basic " + Data("connector:\(ingest)".utf8).base64EncodedString())])
        #expect(posted.status == 202)

        let browser = try await Self.fixture.value.browser
        try await browser.open(server.baseURL + "/desk?customer=crm-auth")
        #expect(try await browser.wait(for: .seconds(10), until: "return document.getElementById('status').dataset.state === 'error'"))
        let refusal = try await browser.run("return document.getElementById('status').textContent") as? String
        #expect(refusal?.contains("401") == true, "status: \(refusal ?? "none")")
        let refusals = try await browser.console()
        #expect(refusals.allSatisfy { $0.message.contains("401") }, "only the refused reads: \(refusals)")

        #expect(try await browser.run("return document.getElementById('sign-in').hidden") as? Bool == false, "the page asks")
        try await screenshot(browser, "desk-sign-in")
        try await browser.type("desk", into: try #require(try await browser.element("#sign-in-account")))
        try await browser.type(token + "\u{E007}", into: try #require(try await browser.element("#sign-in-token")))
        #expect(try await browser.wait(for: .seconds(10), until: "return !!document.querySelector('#timeline [data-message-id=\"auth-1\"]')"))
        #expect(try await browser.run("return document.getElementById('tenant').textContent") as? String == "default", "the tenant signed in to")
        #expect(
            try await browser.run("return document.getElementById('customer-export').hidden") as? Bool == true,
            "the export is offered only to a credential with the admin scope")
        #expect(try await browser.wait(for: .seconds(10), until: "return document.getElementById('live-state').dataset.state === 'on'"))
        let live = try await client.send(
            "POST", "/ccm/message/receive",
            body: Array(MessageBuilder().with { $0.customerID = "crm-auth" }.plain(id: "auth-2", text: "Live behind a credential").utf8),
            headers: [("Content-Type", "application/json"), ("Authorization", "Basic " + Data("connector:\(ingest)".utf8).base64EncodedString())])
        #expect(live.status == 202)
        #expect(try await browser.wait(for: .seconds(5), until: "return !!document.querySelector('#timeline [data-message-id=\"auth-2\"]')"))
        _ = try await browser.run("sessionStorage.clear(); return null")
        try await expectNoConsoleErrors(browser)
        await server.stop()
    }
}

enum DeskTestFailure: Error {
    case notAccepted(Int, String)
}

/// The desk over the platforms' webhooks and exact identities.
extension DeskBrowserTests {
    /// A phone number written any way, or a customer id, that names exactly one customer
    /// opens that customer's history at the first Enter.
    @Test func anExactIdentityAndEnterOpenTheCustomerAtOnce() async throws {
        let fixture = try await Self.fixture.value
        let browser = fixture.browser
        for typed in ["+41795551234", "+41 (79) 555-12-34", Self.customerID] {
            try await browser.open(fixture.server.baseURL + "/desk")
            try await browser.type(typed + "\u{E007}", into: try #require(try await browser.element("#search")))
            let opened = try await browser.wait(
                for: .seconds(10),
                until:
                    "return document.getElementById('customer-id').textContent === 'Customer \(Self.customerID)' && document.querySelectorAll('#timeline .activity').length > 0"
            )
            #expect(opened, "\(typed) and Enter did not open \(Self.customerID)")
            #expect(try await browser.run("return document.getElementById('results').hidden") as? Bool == true, "\(typed): the result list stays up")
            #expect(
                try await browser.run("return document.getElementById('customer-export').hidden") as? Bool == false,
                "an open store offers the export (every scope)")
        }
        try await browser.open(fixture.server.baseURL + "/desk")
        try await browser.type("555\u{E007}", into: try #require(try await browser.element("#search")))
        #expect(
            try await browser.wait(for: .seconds(10), until: "return document.querySelectorAll('#customer-results button').length > 0"),
            "a partial number lists the matches")
        #expect(try await browser.run("return document.getElementById('results').hidden") as? Bool == false)
        try await expectNoConsoleErrors(browser)
    }

    /// An 8x8 call, a Chatwoot chat and a Twilio message from one phone number are one
    /// customer's history, in time order, each shown with its platform's line.
    @Test func aCallAChatAndAMessageFromOnePhoneAreOneHistory() async throws {
        let fixture = try await Self.fixture.value
        let phone = "+6591112233"
        let eightByEight = """
            {"namespace": "VOICE", "eventType": "CALL_STATUS", "payload": {"eventId": "desk-8x8-1", "callId": "desk-call-1",
             "sessionId": "desk-session-1", "callStatus": "CALL_CONNECTED", "callDirection": "INBOUND", "callType": "PSTN",
             "source": "\(phone)", "destination": "+6560000000", "timestamp": "2026-01-05T09:00:00.000Z"}}
            """
        let chatwoot = """
            {"event": "message_created", "id": 771, "content": "Is my order on its way?", "created_at": "2026-01-05T09:10:00.000Z",
             "message_type": "incoming", "private": false, "sender": {"id": 5, "name": "Wei Lin"},
             "conversation": {"id": 31, "status": "open", "meta": {"sender": {"id": 5, "name": "Wei Lin", "phone_number": "\(phone)"}}},
             "inbox": {"id": 2, "name": "Shop WhatsApp"}, "account": {"id": 1, "name": "Shop"}}
            """
        let twilio = """
            [{"specversion": "1.0", "type": "com.twilio.messaging.inbound-message.received", "source": "AB1", "id": "EVdesk1",
              "time": "2026-01-05T09:20:00.000Z", "data": {"messageSid": "SMdesk1", "from": "\(phone)", "to": "+6560000001",
              "body": "Thanks, it arrived", "timestamp": "2026-01-05T09:20:00.000Z"}}]
            """
        for (route, body) in [("/webhooks/twilio", twilio), ("/webhooks/8x8/voice", eightByEight), ("/webhooks/chatwoot", chatwoot)] {
            try await Self.post(body, to: fixture.client, route: route)
        }
        let browser = fixture.browser
        try await browser.open(fixture.server.baseURL + "/desk")
        try await browser.type(phone + "\u{E007}", into: try #require(try await browser.element("#search")))
        let shown = try await browser.wait(
            for: .seconds(10), until: "return document.querySelectorAll('#timeline .activity').length === 3")
        let texts =
            try await browser.run("return [...document.querySelectorAll('#timeline .activity .text')].map(item => item.textContent).join('|')")
            as? String
        #expect(shown, "\(texts ?? "")")
        let lines = (texts ?? "").split(separator: "|").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "Thanks, it arrived", "newest first: \(lines)")
        #expect(lines.dropFirst().first == "Is my order on its way?", "\(lines)")
        #expect(lines.last?.lowercased().contains("call") == true, "the 8x8 call last: \(lines)")
        try await screenshot(browser, "desk-platforms")
        try await expectNoConsoleErrors(browser)
    }
}
