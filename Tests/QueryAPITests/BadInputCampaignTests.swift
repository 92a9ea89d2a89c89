import EventLog
import Foundation
import StoreTesting
import Testing

/// The bad-input campaign: everything a careless or hostile client sends to the ingest
/// routes gets a 4xx that names the field or the rule, the log stays empty, and the server
/// goes on serving. Each case is one request against the same running server.
@Suite struct BadInputCampaignTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        var method = "POST"
        var path = "/ccm/message/receive"
        var contentType: String? = "application/json"
        let body: [UInt8]
        let status: Int
        /// Text the problem must contain: the field or the rule broken.
        let mentions: String

        var testDescription: String { name }
    }

    static let message = CIMFixtures.plainMessage(id: "bad-1")

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    /// The valid message with `original` replaced by `replacement`.
    static func edited(_ original: String, _ replacement: String) -> [UInt8] {
        text(message.replacingOccurrences(of: original, with: replacement))
    }

    static let cases: [Case] = [
        Case(name: "truncated", body: text(String(message.prefix(message.count / 2))), status: 400, mentions: "ends too early"),
        Case(name: "line comment", body: text("// a message\n" + message), status: 400, mentions: "unexpected character '/'"),
        Case(name: "block comment", body: edited("\"id\"", "/* id */ \"id\""), status: 400, mentions: "unexpected character '/'"),
        Case(name: "trailing comma in an object", body: text(String(message.dropLast(2)) + ",}"), status: 400, mentions: "unexpected character '}'"),
        Case(name: "trailing comma in an array", body: text(#"{"id": "x", "tags": [1, 2,]}"#), status: 400, mentions: "unexpected character ']'"),
        Case(name: "non-breaking space indentation", body: text("{\u{00A0}\"id\": \"x\"}"), status: 400, mentions: "non-breaking space"),
        Case(name: "Postman variables", body: text(#"{"id": {{messageId}}, "header": {}}"#), status: 400, mentions: "unexpected character '{'"),
        Case(name: "Postman variable in a string", body: edited("\"bad-1\"", "\"{{$guid}}\""), status: 202, mentions: "bad"),
        Case(name: "single quotes", body: text("{'id': 'x'}"), status: 400, mentions: "unexpected character '''"),
        Case(name: "NaN literal", body: text(#"{"id": NaN}"#), status: 400, mentions: "unexpected character 'N'"),
        Case(name: "hex number", body: text(#"{"id": 0x1F}"#), status: 400, mentions: "column 9: unexpected character 'x'"),
        Case(name: "leading zero", body: text(#"{"id": 012}"#), status: 400, mentions: "column 9: unexpected character '1'"),
        Case(name: "byte order mark", body: [0xEF, 0xBB, 0xBF] + text(message), status: 400, mentions: "non-ASCII byte 0xEF"),
        Case(name: "lone 0xFF byte in a string", body: edited("Hello", "Hel\u{1}lo").map { $0 == 1 ? 0xFF : $0 }, status: 400, mentions: "UTF-8"),
        Case(
            name: "overlong encoding", body: edited("Hello", "Hel\u{1}\u{2}lo").map { $0 == 1 ? 0xC0 : $0 == 2 ? 0xAF : $0 }, status: 400,
            mentions: "UTF-8"),
        Case(
            name: "UTF-8 encoded surrogate", body: edited("Hello", "H\u{1}\u{2}\u{3}").map { $0 == 1 ? 0xED : $0 == 2 ? 0xA0 : $0 == 3 ? 0x80 : $0 },
            status: 400, mentions: "UTF-8"),
        Case(name: "NUL byte in a string", body: edited("Hello", "Hel\u{0}lo"), status: 400, mentions: "control character"),
        Case(name: "lone surrogate escape", body: edited("Hello", "\\ud800"), status: 400, mentions: "unpaired surrogate"),
        Case(name: "huge number", body: text(#"{"id": "x", "n": 1e99999}"#), status: 400, mentions: "number out of range"),
        Case(
            name: "huge integer as a timestamp", body: edited("1677151053951", "99999999999999999999999"), status: 400, mentions: "header.timestamp"),
        Case(
            name: "deeply nested arrays", body: text(String(repeating: "[", count: 100_000)), status: 400, mentions: "nesting deeper than 64 levels"),
        Case(
            name: "deeply nested objects", body: text(String(repeating: #"{"a":"#, count: 10_000)), status: 400,
            mentions: "nesting deeper than 64 levels"),
        Case(
            name: "string longer than the string limit", body: text(#"{"id": "x", "s": ""# + String(repeating: "a", count: 600_000) + #""}"#),
            status: 400, mentions: "string longer than 524288 bytes"),
        Case(
            name: "array with too many items",
            body: text(#"{"id": "x", "a": ["# + Array(repeating: "0", count: 20_000).joined(separator: ",") + "]}"),
            status: 400, mentions: "more than 10000 items"),
        Case(name: "duplicate key", body: text(#"{"id": "a", "id": "b"}"#), status: 400, mentions: #"duplicate key \"id\""#),
        Case(name: "empty body", body: [], status: 400, mentions: "empty"),
        Case(name: "null", body: text("null"), status: 400, mentions: "must be a JSON object"),
        Case(name: "a string", body: text(#""hello""#), status: 400, mentions: "must be a JSON object"),
        Case(name: "two documents", body: text(message + message), status: 400, mentions: "unexpected content after the JSON document"),
        Case(name: "id as an object", body: edited("\"bad-1\"", #"{"value": "bad-1"}"#), status: 400, mentions: "\"field\":\"id\""),
        Case(
            name: "header as a string", body: text(#"{"id": "x", "header": "h", "body": {"type": "PLAIN", "markdownText": "hi"}}"#), status: 400,
            mentions: "\"field\":\"header\""),
        Case(
            name: "unknown delivery status",
            body: edited(
                #"{"type": "PLAIN", "markdownText": "Hello, I need help with my bill"}"#,
                #"{"type": "DELIVERYNOTIFICATION", "messageId": "m-0", "status": "SEEN"}"#),
            status: 400, mentions: "body.status"),
        Case(name: "body type as a number", body: edited("\"PLAIN\"", "7"), status: 400, mentions: "body.type"),
        Case(
            name: "missing body", body: text(#"{"id": "x", "header": {"sender": {"id": "s", "type": "CUSTOMER"}}}"#), status: 400,
            mentions: "\"field\":\"body\""),
        Case(name: "text/plain", contentType: "text/plain", body: text(message), status: 415, mentions: "application/json"),
        Case(name: "XML", contentType: "application/xml", body: text("<message id=\"x\"/>"), status: 415, mentions: "application/json"),
        Case(
            name: "form-encoded", contentType: "application/x-www-form-urlencoded", body: text("id=x&header=%7B%7D&body=hello"), status: 415,
            mentions: "application/json"),
        Case(name: "form-encoded declared as JSON", body: text("id=x&header=%7B%7D&body=hello"), status: 400, mentions: "unexpected character 'i'"),
        Case(
            name: "8x8 call-action webhook",
            body: text(
                #"{"namespace": "VOICE", "eventType": "CALL_ACTION", "payload": {"sessionId": "s-1", "callId": "c-1", "dtmf": "1"}}"#),
            status: 400, mentions: "\"field\":\"id\""),
        Case(
            name: "CCAI Platform call object",
            body: text(#"{"id": 1234, "lang": "en", "call_type": "voice_inbound", "status": "finished", "agent": null, "menu": null}"#),
            status: 400, mentions: "\"field\":\"header\""),
        Case(
            name: "Slack-style event",
            body: text(#"{"type": "event_callback", "event": {"type": "message", "text": "hi", "user": "U1"}}"#),
            status: 400, mentions: "\"field\":\"header\""),
        Case(
            name: "batch of garbage", path: "/ccm/message/receive/batch", contentType: "application/x-ndjson", body: text("{oops\n" + message),
            status: 400, mentions: "line 1"),
        Case(
            name: "batch as JSON array", path: "/ccm/message/receive/batch", contentType: "application/json", body: text("[" + message + "]"),
            status: 415, mentions: "ndjson"),
        Case(name: "unknown route", path: "/ccm/message/recieve", body: text(message), status: 404, mentions: "Not Found"),
        Case(name: "GET on an ingest route", method: "GET", contentType: nil, body: [], status: 405, mentions: "it answers POST"),
        Case(name: "DELETE on an ingest route", method: "DELETE", contentType: nil, body: [], status: 405, mentions: "Method Not Allowed"),
        Case(name: "PUT on an ingest route", method: "PUT", body: text(message), status: 405, mentions: "Method Not Allowed"),
        Case(name: "POST on /metrics", path: "/metrics", body: text(message), status: 405, mentions: "it answers GET"),
    ]

    @Test func everyBadInputIsA4xxThatNamesTheRuleAndStoresNothing() async throws {
        try await withServer { client, server in
            for item in Self.cases where item.status != 202 {
                var headers: [(String, String)] = []
                if let contentType = item.contentType { headers.append(("Content-Type", contentType)) }
                let response = try await client.send(item.method, item.path, body: item.method == "GET" ? nil : item.body, headers: headers)
                #expect(response.status == item.status, "\(item.name): \(response.text.prefix(300))")
                #expect(response.headers["content-type"] == "application/problem+json", "\(item.name)")
                #expect(response.text.contains(item.mentions), "\(item.name): \(response.text.prefix(300))")
                #expect(server.log.head == 0, "\(item.name) stored something")
            }
            let healthy = try await client.postJSON("/ccm/message/receive", Self.message)
            #expect(healthy.status == 202)
        }
    }

    @Test func aPostmanVariableInsideAStringIsJustText() async throws {
        try await withServer { client, server in
            let item = try #require(Self.cases.first { $0.status == 202 })
            let response = try await client.postJSON("/ccm/message/receive", item.body)
            #expect(response.status == 202)
            #expect(server.log.head == 1)
        }
    }

    @Test func aContentLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() async throws {
        try await withServer { _, server in
            let head = "POST /ccm/message/receive HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n"
            let answer = await RawHTTP.exchange(port: server.port, request: Array(head.utf8))
            #expect(answer.status == 413, "\(answer.text.prefix(200))")
            #expect(answer.text.contains("must be at most 1048576 bytes"))
            #expect(server.log.head == 0)
        }
    }

    @Test func aBodyShorterThanItsContentLengthStoresNothingAndTheServerGoesOn() async throws {
        try await withServer { client, server in
            let body = Array(Self.message.utf8)
            let head =
                "POST /ccm/message/receive HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count + 500)\r\n\r\n"
            let answer = await RawHTTP.exchange(port: server.port, request: Array(head.utf8) + body, closeSending: true)
            #expect(answer.status == 400, "\(answer.text.prefix(300))")
            #expect(answer.text.contains("ended before its body was complete"))
            #expect(server.log.head == 0)
            let healthy = try await client.postJSON("/ccm/message/receive", Self.message)
            #expect(healthy.status == 202)
        }
    }

    @Test func tooManyHeaderFieldsAreA431() async throws {
        try await withServer { client, server in
            let headers = (0..<150).map { ("X-Filler-\($0)", "v") } + [("Content-Type", "application/json")]
            let response = try await client.send("POST", "/ccm/message/receive", body: Array(Self.message.utf8), headers: headers)
            #expect(response.status == 431)
            #expect(response.text.contains("more than 100"))
            #expect(server.log.head == 0)
        }
    }

    @Test func aHeaderBlockPastTheParserLimitIsRefusedAndTheServerGoesOn() async throws {
        try await withServer { client, server in
            let filler = (0..<2_000).map { "X-Filler-\($0): \(String(repeating: "v", count: 60))\r\n" }.joined()
            let request = "POST /ccm/message/receive HTTP/1.1\r\nHost: x\r\n\(filler)Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
            let answer = await RawHTTP.exchange(port: server.port, request: Array(request.utf8))
            #expect(answer.status == 400, "\(answer.text.prefix(200))")
            #expect(server.log.head == 0)
            let healthy = try await client.postJSON("/ccm/message/receive", Self.message)
            #expect(healthy.status == 202)
        }
    }
}
