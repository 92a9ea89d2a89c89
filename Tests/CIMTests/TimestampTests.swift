import CIM
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2025-02-28T14:43:01.619+00:00", Int64(1_740_753_781_619)),
        ("2025-02-28T14:43:01.619Z", 1_740_753_781_619),
        ("2025-02-28T14:43:01Z", 1_740_753_781_000),
        ("2025-02-28T16:43:01.619+02:00", 1_740_753_781_619),
        ("2025-02-28T09:43:01.619-0500", 1_740_753_781_619),
        ("2025-02-28 14:43:01.6+00:00", 1_740_753_781_600),
        ("2025-02-28T14:43:01.619123Z", 1_740_753_781_619),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("1970-01-01T00:00:00Z", 0),
    ])
    func parsesISO8601(text: String, milliseconds: Int64) {
        #expect(Timestamp(iso8601: text)?.millisecondsSince1970 == milliseconds)
    }

    @Test(arguments: [
        "2025-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-02-28", "2025-02-28T25:00:00Z", "yesterday",
        "2025-02-28T14:43:01.Z", "2025-02-28T14:43:01+0",
    ])
    func refusesOtherText(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func formatsAsISO8601UTC() {
        #expect(Timestamp(millisecondsSince1970: 1_740_753_781_619).iso8601 == "2025-02-28T14:43:01.619Z")
        #expect(Timestamp(millisecondsSince1970: 0).iso8601 == "1970-01-01T00:00:00.000Z")
    }
}
