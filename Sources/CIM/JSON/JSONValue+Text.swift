extension JSONValue {
    /// The value as compact JSON text, object members in their order.
    public var compactText: String {
        var bytes: [UInt8] = []
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func write(into bytes: inout [UInt8]) {
        switch self {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .bool(let value):
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number):
            bytes.append(contentsOf: number.text.utf8)
        case .string(let string):
            JSONText.appendQuoted(string.utf8, to: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(member.key.utf8, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}

/// Where JSON text is written, a byte at a time: an array, or the digest's buffer.
protocol JSONTextSink {
    mutating func append(_ byte: UInt8)
}

extension Array: JSONTextSink where Element == UInt8 {}

/// How the store writes JSON strings: quoted, with only `"`, `\` and control characters
/// escaped (the latter as `\u00XX`).
enum JSONText {
    /// Appends `utf8` as a JSON string literal.
    static func appendQuoted(_ utf8: some Sequence<UInt8>, to sink: inout some JSONTextSink) {
        sink.append(UInt8(ascii: "\""))
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                sink.append(UInt8(ascii: "\\"))
                sink.append(byte)
            case 0..<0x20:
                for escape in "\\u00".utf8 { sink.append(escape) }
                sink.append(hexDigit(byte >> 4))
                sink.append(hexDigit(byte & 0x0F))
            default:
                sink.append(byte)
            }
        }
        sink.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
