import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

/// `GET /v1/search` and `GET /v1/customers?q=` over the full-text index, through the real
/// server: words, accents and case, phone substrings, filters, paging, refusals, rebuild
/// and erasure.
@Suite struct SearchTests {
    static let phone = "+41 79 555 12 34"

    /// A customer with names, a phone on WhatsApp (service 1122) and an e-mail address
    /// (service `mail`), and a conversation of six activities one minute apart.
    static func history() -> [String] {
        func message(_ id: String, minute: Int, identity: String, service: String, sender: String = "CONNECTOR", body: String) -> String {
            #"""
            {"id": "\#(id)", "header": {"sender": {"id": "\#(sender.lowercased())-1", "type": "\#(sender)", "senderName": "\#(sender == "AGENT" ? "Agent Smith" : "Zoë")"},
             "channelData": {"channelCustomerIdentifier": "\#(identity)", "serviceIdentifier": "\#(service)",
                             "customerFirstName": "Zoë", "customerLastName": "Ångström"},
             "customer": {"_id": "crm-search-1"}, "conversationId": "search-conv", "timestamp": \#(1_790_000_000_000 + minute * 60_000)},
             "body": {\#(body)}}
            """#
        }
        return [
            message("s-1", minute: 0, identity: phone, service: "1122", body: #""type": "PLAIN", "markdownText": "My café order never arrived""#),
            message(
                "s-2", minute: 1, identity: phone, service: "1122", sender: "AGENT",
                body: #""type": "PLAIN", "markdownText": "Sorry Zoë, I will check the CAFE order""#),
            message("s-3", minute: 2, identity: "zoe@example.com", service: "mail", body: #""type": "PLAIN", "markdownText": "Refund please""#),
            message(
                "s-4", minute: 3, identity: phone, service: "1122", sender: "AGENT",
                body: #""type": "WRAPUP", "wrapups": [{"categoryName": "Billing", "value": "refund issued"}], "note": "Gave a voucher""#),
            message("s-5", minute: 4, identity: phone, service: "1122", body: #""type": "PLAIN", "markdownText": "Thanks, the voucher works""#),
            message("s-6", minute: 5, identity: phone, service: "1122", body: #""type": "PLAIN", "markdownText": "One more order question""#),
            MessageBuilder().with {
                $0.identifier = "+41 78 111 22 33"
                $0.conversationID = "other-conv"
            }.plain(id: "o-1", text: "A different order from someone else"),
        ]
    }

    private func ids(_ history: HistoryFixture, _ query: String) async throws -> [String] {
        try await history.json("/v1/search?" + query).ids
    }

    private func customers(_ history: HistoryFixture, _ q: String) async throws -> [String] {
        let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
        let body = try await history.json("/v1/customers?q=" + encoded)
        return (body["customers"] as? [[String: Any]] ?? []).compactMap { $0["customerId"] as? String }
    }

    private func posted(_ body: (inout HistoryFixture) async throws -> Void) async throws {
        try await withHistory { history in
            for message in Self.history() { try await history.post(message) }
            try await body(&history)
        }
    }

    @Test func wordsMatchWhateverTheirCaseAndAccents() async throws {
        try await posted { (history: inout HistoryFixture) async throws in
            #expect(try await ids(history, "q=cafe") == ["s-2", "s-1"], "newest first")
            #expect(try await ids(history, "q=CAFÉ") == ["s-2", "s-1"])
            #expect(try await ids(history, "q=zoe%20cafe") == ["s-2", "s-1"], "a name and a word")
            #expect(try await ids(history, "q=angstrom%20refund") == ["s-4", "s-3"])
            #expect(try await ids(history, "q=vouch*") == ["s-5", "s-4"], "a prefix; the wrap-up's note counts")
            #expect(try await ids(history, "q=%22order%20never%22") == ["s-1"], "a phrase")
            #expect(try await ids(history, "q=voucher%20OR%20refund") == ["s-5", "s-4", "s-3"])
            #expect(try await ids(history, "q=order%20-cafe") == ["o-1", "s-6"], "an exclusion")
            #expect(try await ids(history, "q=nothinglikethis").isEmpty)

            let result = try #require(try await history.json("/v1/search?q=arrived").activities.first)
            let snippet = result["snippet"] as? [[String: Any]] ?? []
            #expect(snippet.contains { $0["match"] as? Bool == true && $0["text"] as? String == "arrived" })
            #expect(result["summary"] as? String == "My café order never arrived", "the history API's shape")
        }
    }

    @Test func anyPartOfAPhoneNumberFindsItsActivitiesAndItsCustomer() async throws {
        try await posted { (history: inout HistoryFixture) async throws in
            let all = ["s-6", "s-5", "s-4", "s-2", "s-1"]
            #expect(try await ids(history, "q=5551234") == all)
            #expect(try await ids(history, "q=555-12-34") == all)
            #expect(try await ids(history, "q=%2B41795551234") == all)
            #expect(try await ids(history, "q=%28555%29%2012") == all)
            #expect(try await ids(history, "q=1112233") == ["o-1"])
            #expect(try await customers(history, "5551234") == ["crm-search-1"])
            #expect(try await customers(history, "12 34") == ["crm-search-1"])
            #expect(try await customers(history, "zoe@example.com") == ["crm-search-1"])
            #expect(try await customers(history, "crm-search-1") == ["crm-search-1"], "by id")
            #expect(try await customers(history, "zo") == ["crm-search-1"], "a name as typed so far, accents aside")
            #expect(try await customers(history, "ÅNGS") == ["crm-search-1"])
            #expect(try await customers(history, "nobody").isEmpty)
        }
    }

    @Test func filtersNarrowTheMatches() async throws {
        try await posted { (history: inout HistoryFixture) async throws in
            #expect(try await ids(history, "q=order&customerId=crm-search-1") == ["s-6", "s-2", "s-1"])
            #expect(try await ids(history, "q=order&type=AGENT_MESSAGE") == ["s-2"])
            #expect(try await ids(history, "q=refund&serviceIdentifier=mail") == ["s-3"])
            #expect(try await ids(history, "q=order&type=CUSTOMER_MESSAGE&type=AGENT_MESSAGE") == ["o-1", "s-6", "s-2", "s-1"])
            #expect(try await ids(history, "q=order&type=CUSTOMER_MESSAGE,WRAPUP_APPLIED&serviceIdentifier=1122") == ["o-1", "s-6", "s-1"])
            #expect(try await ids(history, "q=order&type=%22%29%20OR%20%28x").isEmpty, "a type is a token, never FTS5 syntax")
            let from = 1_790_000_000_000 + 60_000
            let to = 1_790_000_000_000 + 5 * 60_000
            #expect(try await ids(history, "q=order&from=\(from)&to=\(to)") == ["s-2"])
            #expect(try await ids(history, "q=order&from=2026-09-21T13:00:00Z").isEmpty == false)
            let missing = try await history.read("/v1/search?q=order&customerId=nobody")
            #expect(missing.status == 404)
        }
    }

    @Test func pagesFollowTheCursorWithoutRepeatsOrGaps() async throws {
        try await posted { (history: inout HistoryFixture) async throws in
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let body = try await history.json("/v1/search?q=5551234&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += body.ids
                cursor = body["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == ["s-6", "s-5", "s-4", "s-2", "s-1"])
            #expect(pages == 3)
            let foreign = try await history.read("/v1/search?q=order&cursor=" + "garbage")
            #expect(foreign.status == 400)
        }
    }

    @Test func queriesThatCannotBeSearchedAreRefusedNamingQ() async throws {
        try await posted { (history: inout HistoryFixture) async throws in
            let refused = [
                "", "q=", "q=%20%20", "q=" + String(repeating: "a", count: 201), "q=%22open", "q=OR%20cafe", "q=cafe%20OR",
                "q=-cafe", "q=" + Array(repeating: "w", count: 17).joined(separator: "%20"), "q=%26%26%26",
            ]
            for query in refused {
                let response = try await history.read("/v1/search?" + query)
                #expect(response.status == 400, "\(query) → \(response.status) \(response.text)")
                let field = (response.json["errors"] as? [[String: Any]])?.first?["field"] as? String
                #expect(field == "q", "\(query): \(response.text)")
            }
            let badLimit = try await history.read("/v1/search?q=cafe&limit=0")
            #expect(badLimit.status == 400)
            let customers = try await history.read("/v1/customers?q=%22")
            #expect(customers.status == 400)
            let both = try await history.read("/v1/customers?q=zoe&channelCustomerIdentifier=x")
            #expect(both.status == 400)
            let badCustomerLimit = try await history.read("/v1/customers?channelCustomerIdentifier=%2B41%2079%20555%2012%2034&limit=null")
            #expect(badCustomerLimit.status == 400, "limit is checked with either parameter")

            for literal in ["NEAR(cafe", "a:b", "^cafe", "cafe*)", "\"\"", "*", "a AND", "NOT cafe", "{words}:x", "order #12"] {
                let encoded = literal.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? literal
                let response = try await history.read("/v1/search?q=" + encoded)
                #expect([200, 400].contains(response.status), "\(literal) → \(response.status) \(response.text)")
            }
        }
    }

    @Test func rebuildGivesTheSameIndexAndAnErasureEmptiesIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        var server = try await TestServer.start(dataDirectory: directory.path)
        var last = 0
        for message in Self.history() {
            let response = try await HTTPTestClient(baseURL: server.baseURL).postJSON("/ccm/message/receive", message)
            try #require(response.status == 202, "\(response.text)")
            last = response.json["position"] as? Int ?? last
        }
        func search(_ query: String) async throws -> [String] {
            let response = try await HTTPTestClient(baseURL: server.baseURL).get("/v1/search?\(query)&minPosition=\(last)")
            try #require(response.status == 200, "\(query) → \(response.status): \(response.text)")
            return response.json.ids
        }
        let queries = ["q=cafe", "q=5551234", "q=refund%20OR%20order", "q=zoe"]
        var before: [[String]] = []
        for query in queries { before.append(try await search(query)) }
        let live = try ReadModelDump.dump(path: layout.projectionsLink)
        #expect(live.contains("activity_search") && live.contains("customer_search"))
        await server.stop()

        let log = try EventLog(directory: layout.logDirectory)
        _ = try await Rebuilder(log: log, layout: layout, batchSize: 3).rebuild()
        await log.close()
        #expect(try ReadModelDump.dump(path: layout.projectionsLink) == live)

        server = try await TestServer.start(dataDirectory: directory.path)
        var after: [[String]] = []
        for query in queries { after.append(try await search(query)) }
        #expect(after == before)

        let erased = try await HTTPTestClient(baseURL: server.baseURL).send("DELETE", "/v1/customers/crm-search-1")
        #expect(erased.status == 200, "\(erased.text)")
        last = erased.json["position"] as? Int ?? last
        #expect(try await search("q=cafe").isEmpty)
        #expect(try await search("q=5551234").isEmpty)
        #expect(try await search("q=zoe").isEmpty)
        #expect(try await search("q=order") == ["o-1"])
        let lookup = try await HTTPTestClient(baseURL: server.baseURL).get("/v1/customers?q=zoe&minPosition=\(last)")
        #expect((lookup.json["customers"] as? [Any])?.isEmpty == true, "\(lookup.text)")
        await server.stop()
    }
}
