import Foundation

/// Text an Expertflow channel sends base64-encoded (`header.additionalData.isEncoded: true`:
/// whispers and encoded channel messages). The log keeps the message as received; what a
/// person reads (the summary, the full-text index, the desk) is the decoded text.
public enum EncodedText {
    /// The text `encoded` stands for: its base64 decoded as UTF-8 (standard or URL-safe
    /// alphabet, padding optional, surrounding white space ignored); `nil` when it is not
    /// valid base64 of valid UTF-8, in which case it is shown as received.
    public static func decoded(_ encoded: String) -> String? {
        var base64 = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.isEmpty else { return nil }
        if base64.count % 4 != 0 { base64 += String(repeating: "=", count: 4 - base64.count % 4) }
        guard let data = Data(base64Encoded: base64) else { return nil }
        return String(validating: data, as: UTF8.self)
    }
}
