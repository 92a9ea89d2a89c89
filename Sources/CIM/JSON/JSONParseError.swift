/// Why a byte sequence is not the JSON document we accept, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Equatable {
        case empty
        case unexpectedEnd
        case unexpectedCharacter(UInt8)
        case invalidUTF8
        case controlCharacterInString
        case invalidEscape
        case invalidUnicodeEscape
        case invalidNumber
        case invalidLiteral
        case numberOutOfRange
        case duplicateKey(String)
        case tooDeep(limit: Int)
        case stringTooLong(limit: Int)
        case tooManyItems(limit: Int)
        case trailingContent
        case tooLarge
    }

    /// What went wrong.
    public let reason: Reason
    /// Zero-based byte offset of the problem.
    public let offset: Int
    /// One-based line of the problem.
    public let line: Int
    /// One-based column (in bytes) of the problem.
    public let column: Int

    public var description: String {
        let what: String =
            switch reason {
            case .empty: "the body is empty"
            case .unexpectedEnd: "the document ends too early"
            case .unexpectedCharacter(let byte): "unexpected \(Self.describe(byte))"
            case .invalidUTF8: "the text is not valid UTF-8"
            case .controlCharacterInString: "a control character must be escaped inside a string"
            case .invalidEscape: "invalid escape sequence in a string"
            case .invalidUnicodeEscape: "invalid \\u escape (or an unpaired surrogate) in a string"
            case .invalidNumber: "invalid number"
            case .invalidLiteral: "invalid literal (expected true, false or null)"
            case .numberOutOfRange: "number out of range"
            case .duplicateKey(let key): "duplicate key \"\(key)\""
            case .tooDeep(let limit): "nesting deeper than \(limit) levels"
            case .stringTooLong(let limit): "a string longer than \(limit) bytes"
            case .tooManyItems(let limit): "an array or object with more than \(limit) items"
            case .trailingContent: "unexpected content after the JSON document"
            case .tooLarge: "the document is 4 GiB or larger"
            }
        return "malformed JSON at line \(line), column \(column): \(what)"
    }

    private static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20...0x7E: "character '\(Character(Unicode.Scalar(byte)))'"
        case 0x80...0xFF:
            "non-ASCII byte 0x\(String(byte, radix: 16, uppercase: true)) outside a string (a non-breaking space used as indentation?)"
        default: "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }
}
