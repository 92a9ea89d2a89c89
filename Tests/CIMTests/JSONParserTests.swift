import CIM
import Testing

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(Array(text.utf8))
    }

    private func reason(_ bytes: [UInt8]) -> JSONParseError.Reason? {
        do {
            _ = try JSONParser().parse(bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func parsesEveryJSONType() throws {
        let value = try parse(
            #" {"s": "a\"b\u00e9\ud83d\ude00", "n": -12.5e2, "i": 1677151053951, "t": true, "f": false, "z": null, "a": [1, [], {}]} "#)
        #expect(value["s"] == .string("a\"bé😀"))
        #expect(value["n"] == .number(JSONNumber(Double(-1250))))
        #expect(value["i"] == .number(JSONNumber(Int64(1_677_151_053_951))))
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["z"] == .null)
        #expect(value["a"] == .array([.number(JSONNumber(Int64(1))), .array([]), .object(JSONObject())]))
    }

    @Test(arguments: [
        ("{\"id\": \"x\"", "unexpectedEnd"),
        ("{\"id\": \"x\", // comment\n}", "unexpectedCharacter"),
        ("{\"id\": \"x\",}", "unexpectedCharacter"),
        ("[1, 2,]", "unexpectedCharacter"),
        ("{\"id\": {{messageId}}}", "unexpectedCharacter"),
        ("{\"a\": 1} {\"b\": 2}", "trailingContent"),
        ("", "empty"),
        ("   ", "empty"),
        ("{'id': 'x'}", "unexpectedCharacter"),
        ("{\"a\": 01}", "unexpectedCharacter"),
        ("{\"a\": tru}", "invalidLiteral"),
        ("{\"a\": 1.}", "invalidNumber"),
        ("{\"a\": 1e999}", "numberOutOfRange"),
        ("{\"a\": \"\\x\"}", "invalidEscape"),
        ("{\"a\": \"\\ud800\"}", "invalidUnicodeEscape"),
        ("{\"a\": \"\\udc00\\ud800\"}", "invalidUnicodeEscape"),
        ("{\"a\": \"tab\there\"}", "controlCharacterInString"),
        ("{\"a\": 1, \"a\": 2}", "duplicateKey"),
        ("{\"a\": NaN}", "unexpectedCharacter"),
        ("{\"a\": nul", "invalidLiteral"),
    ])
    func refusesMalformedDocuments(text: String, expected: String) {
        let found = reason(Array(text.utf8)).map { "\($0)" } ?? "accepted"
        #expect(found.hasPrefix(expected), "\(text) → \(found)")
    }

    @Test func refusesNonBreakingSpaceIndentationWithAHint() throws {
        let text = "{\n\u{00A0}\u{00A0}\"id\": \"x\"}"
        #expect(throws: JSONParseError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 1)
            #expect(error.description.contains("non-breaking space"))
        }
    }

    @Test func refusesInvalidUTF8InsideStrings() {
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x28, 0x22],
            [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xC0, 0xAF, 0x22],
            [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
            [0x22, 0xE2, 0x82, 0x22],
        ] {
            #expect(reason(bytes) == .invalidUTF8, "\(bytes)")
        }
        #expect(reason([0x22, 0xE2, 0x82, 0xAC, 0x22]) == nil)
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(reason(Array(deep.utf8)) == .tooDeep(limit: 64))
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(reason(Array(fine.utf8)) == nil)
        let hostile = String(repeating: "[", count: 100_000)
        #expect(reason(Array(hostile.utf8)) == .tooDeep(limit: 64))
    }

    @Test func reportsLineAndColumn() {
        do {
            _ = try parse("{\n  \"a\": 1,\n  \"b\": tru\n}")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
        }
    }

    private func digest(_ text: String) throws(JSONParseError) -> String {
        try JSONParser().canonicalDigest(of: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    @Test func canonicalDigestIgnoresWhitespaceKeyOrderEscapesAndNumberSpelling() throws {
        let one = try digest(#"{"a": 1, "b": {"c": [true, null, "x\"é"]}}"#)
        let two = try digest(#"{ "b" : { "c" : [ true , null , "\u0078\"\u00e9" ] } ,"a":1.0 }"#)
        let other = try digest(#"{"a": 2, "b": {"c": [true, null, "x\"é"]}}"#)
        #expect(one == two)
        #expect(one != other)
        #expect(one.count == 64)
    }

    @Test func canonicalDigestSortsLargeObjectsToo() throws {
        let keys = (0..<40).map { "k\($0)" }
        let sorted = "{" + keys.sorted().map { "\"\($0)\": 1" }.joined(separator: ",") + "}"
        let reversed = "{" + keys.sorted().reversed().map { "\"\($0)\": 1.0" }.joined(separator: ", ") + "}"
        #expect(try digest(sorted) == digest(reversed))
    }

    /// Every log stores these digests: the canonical form must never change. The expected
    /// values were computed by the first implementation (a `JSONValue` tree, serialized with
    /// sorted keys), before the parser moved to a tape; the long one by the tape writing into
    /// one array, before the digest streamed its text through a 4 KB buffer.
    @Test(arguments: [
        (
            #"{"z":1,"a":[1.0,-0,1e2,12345678901234567890,-1.5e-3,true,false,null],"m":{"b":"x\"y\\z\u0001\n","a":"\u00e9t\u00E9 \ud83d\ude00 \/","é":"caf\u0065"},"":{}}"#,
            "ad773fa17f4ab0bd63cd187c821c2f6002169ba39100874a46f352737df8bde3"
        ),
        (
            // Longer than the digest's 4 KB buffer, with a string that straddles its end.
            "{\"long\":\"" + String(repeating: "0123456789abcdef", count: 300) + "\",\"n\":" + "["
                + (1...400).map { "\($0).5" }.joined(separator: ",")
                + "],\"tail\":\"" + String(repeating: "\\n\\u00e9\\\"", count: 200) + "\"}",
            "93c5352f8ca3a5127c6841e4677b2c0df1a7d8fb48ef7caf3659e742b639f528"
        ),
        (
            #"{"id":"pin-1","header":{"sender":{"id":"460df46c-adf9-11ed-afa1-0242ac120002","type":"CONNECTOR","senderName":"WHATSAPP_CONNECTOR","additionalDetail":null},"channelData":{"channelCustomerIdentifier":"+41790001001","serviceIdentifier":"1122","customerFirstName":"Customer","customerLastName":"Number 1001","requestPriority":0,"additionalAttributes":[{"key":"language","type":"String2000","value":"de-CH"},{"key":"segment","type":"String2000","value":"residential"}]},"language":{"code":"de"},"timestamp":1700000001000,"securityInfo":{},"stamps":[],"intent":null,"entities":{},"channelSessionId":"cs-1001-0","schedulingMetaData":null,"conversationId":"conv-1001-0","customer":{"_id":"cust-1001","firstName":"Customer","isAnonymous":false},"originalMessageId":null,"providerMessageId":"wamid.HBgLNDE3OTAwMDAwMDEVAgASGBQzQTU1"},"body":{"type":"PLAIN","markdownText":"The router keeps dropping the connection every evening around eight. Already restarted it twice. (ref 1)"}}"#,
            "4503195dd796aacc79048a55de63fd49cfaa60560ae3c7e9684a85be8fb8ceed"
        ),
    ])
    func canonicalDigestIsTheOneLogsAlreadyStore(document: String, expected: String) throws {
        #expect(try digest(document) == expected)
    }

    @Test func keysAreComparedByTheirDecodedBytes() throws {
        #expect(throws: JSONParseError.self) { try parse(#"{"a": 1, "\u0061": 2}"#) }
        let composedAndDecomposed = try parse("{\"\u{00E9}\": 1, \"e\u{0301}\": 2}")
        #expect(composedAndDecomposed["\u{00E9}"] == .number(JSONNumber(Int64(1))))
    }
}

@Suite struct JSONParserScaleTests {
    @Test func largeObjectsAreCheckedForDuplicateKeysInLinearTime() throws {
        let members = (0..<50_000).map { "\"k\($0)\": \($0)" }
        let document = "{" + members.joined(separator: ",") + "}"
        guard case .object(let object) = try JSONParser(maximumItems: 100_000).parse(Array(document.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(object.members.count == 50_000)
        let duplicated = "{" + (members + ["\"k49999\": 0"]).joined(separator: ",") + "}"
        #expect(throws: JSONParseError.self) { _ = try JSONParser(maximumItems: 100_000).parse(Array(duplicated.utf8)) }
    }
}
