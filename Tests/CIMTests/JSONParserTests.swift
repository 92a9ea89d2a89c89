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

    @Test func canonicalDigestIgnoresWhitespaceKeyOrderAndNumberSpelling() throws {
        let one = try parse(#"{"a": 1, "b": {"c": [true, null, "x"]}}"#)
        let two = try parse(#"{ "b" : { "c" : [ true , null , "x" ] } ,"a":1.0 }"#)
        let other = try parse(#"{"a": 2, "b": {"c": [true, null, "x"]}}"#)
        #expect(one.canonicalDigest == two.canonicalDigest)
        #expect(one.canonicalDigest != other.canonicalDigest)
        #expect(one.canonicalDigest.count == 32)
    }
}

@Suite struct JSONParserScaleTests {
    @Test func largeObjectsAreCheckedForDuplicateKeysInLinearTime() throws {
        let members = (0..<50_000).map { "\"k\($0)\": \($0)" }
        let document = "{" + members.joined(separator: ",") + "}"
        guard case .object(let object) = try JSONParser().parse(Array(document.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(object.members.count == 50_000)
        let duplicated = "{" + (members + ["\"k49999\": 0"]).joined(separator: ",") + "}"
        #expect(throws: JSONParseError.self) { _ = try JSONParser().parse(Array(duplicated.utf8)) }
    }
}
