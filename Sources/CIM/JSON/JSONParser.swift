/// A strict RFC 8259 parser over raw bytes.
///
/// Strict where ambiguity could corrupt what we store: invalid UTF-8, unescaped control
/// characters, lone surrogates, duplicate keys, comments, trailing commas and content after
/// the document are all errors with a byte position. Nesting is bounded so that a hostile
/// document cannot exhaust the stack.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int

    /// Creates a parser with the given nesting bound.
    public init(maximumDepth: Int = 64) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON document that fills `bytes` (surrounding white space allowed).
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(buffer: UnsafeRawBufferPointer(buffer))
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { parse(buffer: $0) }.get()
    }

    private func parse(buffer: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        var reader = ByteReader(bytes: buffer, maximumDepth: maximumDepth)
        do throws(JSONParseError) {
            reader.skipWhitespace()
            guard !reader.isAtEnd else { throw reader.error(.empty) }
            let value = try reader.readValue(depth: 0)
            reader.skipWhitespace()
            guard reader.isAtEnd else { throw reader.error(.trailingContent) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let maximumDepth: Int
    var index = 0

    init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    var isAtEnd: Bool { index >= bytes.count }

    func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for position in 0..<offset where bytes[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        return JSONParseError(reason: reason, offset: offset, line: line, column: offset - lineStart + 1)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        case let byte:
            throw error(byte >= 0x80 && !isValidUTF8Start(at: index) ? .invalidUTF8 : .unexpectedCharacter(byte))
        }
    }

    private func isValidUTF8Start(at position: Int) -> Bool {
        let byte = bytes[position]
        return byte >= 0xC2 && byte <= 0xF4
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        for offset in 0..<count where index + offset >= bytes.count || bytes[index + offset] != literal.utf8Start[offset] {
            throw error(.invalidLiteral)
        }
        index += count
    }

    private mutating func readObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maximumDepth else { throw error(.tooDeep(limit: maximumDepth)) }
        index += 1
        var object = JSONObject()
        var keys: Set<String>? = nil
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error(.unexpectedCharacter(bytes[index])) }
            let keyOffset = index
            let key = try readString()
            if isDuplicate(key, in: object, index: &keys) { throw error(.duplicateKey(key), at: keyOffset) }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: ":") else { throw error(.unexpectedCharacter(bytes[index])) }
            index += 1
            skipWhitespace()
            object.append(key: key, value: try readValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(object)
            case let byte:
                throw error(.unexpectedCharacter(byte))
            }
        }
    }

    /// Small objects are scanned; past 16 members a set keeps the check linear overall,
    /// so a hostile object with many keys costs no more than its size.
    private func isDuplicate(_ key: String, in object: JSONObject, index: inout Set<String>?) -> Bool {
        if index == nil, object.members.count >= 16 {
            index = Set(object.keys)
        }
        if index != nil {
            return !index!.insert(key).inserted
        }
        return object[key] != nil
    }

    private mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maximumDepth else { throw error(.tooDeep(limit: maximumDepth)) }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            case let byte:
                throw error(.unexpectedCharacter(byte))
            }
        }
    }

    /// Reads a string starting at its opening quote.
    private mutating func readString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        var needsDecoding = false
        var hasNonASCII = false
        while true {
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                needsDecoding = true
                index += 2
                continue
            }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            if byte >= 0x80 { hasNonASCII = true }
            index += 1
        }
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        let end = index
        index += 1
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if hasNonASCII { try validateUTF8(raw, offset: start) }
        if !needsDecoding {
            return String(decoding: raw, as: UTF8.self)
        }
        return try decodeEscapes(raw, offset: start)
    }

    private func validateUTF8(_ raw: UnsafeRawBufferPointer, offset: Int) throws(JSONParseError) {
        var position = 0
        while position < raw.count {
            let lead = raw[position]
            if lead < 0x80 {
                position += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
                scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
                scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
                scalar = UInt32(lead & 0x07)
            default:
                throw error(.invalidUTF8, at: offset + position)
            }
            guard position + length <= raw.count else { throw error(.invalidUTF8, at: offset + position) }
            for continuation in 1..<length {
                let byte = raw[position + continuation]
                guard byte & 0xC0 == 0x80 else { throw error(.invalidUTF8, at: offset + position) }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                throw error(.invalidUTF8, at: offset + position)
            }
            position += length
        }
    }

    private func decodeEscapes(_ raw: UnsafeRawBufferPointer, offset: Int) throws(JSONParseError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else { throw error(.invalidEscape, at: offset + position) }
            let escaped = raw[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                let escapeOffset = offset + position - 2
                var scalar = try hexQuad(raw, at: position, escapeOffset: escapeOffset)
                position += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 6 <= raw.count, raw[position] == UInt8(ascii: "\\"),
                        raw[position + 1] == UInt8(ascii: "u")
                    else { throw error(.invalidUnicodeEscape, at: escapeOffset) }
                    let low = try hexQuad(raw, at: position + 2, escapeOffset: escapeOffset)
                    guard (0xDC00...0xDFFF).contains(low) else { throw error(.invalidUnicodeEscape, at: escapeOffset) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error(.invalidUnicodeEscape, at: escapeOffset)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error(.invalidUnicodeEscape, at: escapeOffset) }
                output.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw error(.invalidEscape, at: offset + position - 2)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func hexQuad(_ raw: UnsafeRawBufferPointer, at position: Int, escapeOffset: Int) throws(JSONParseError) -> UInt32 {
        guard position + 4 <= raw.count else { throw error(.invalidUnicodeEscape, at: escapeOffset) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = raw[position + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error(.invalidUnicodeEscape, at: escapeOffset)
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func readNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw error(.invalidNumber, at: start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error(.invalidNumber, at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error(.invalidNumber, at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let integer = Int64(text) { return JSONNumber(integer) }
        guard let double = Double(text), double.isFinite else { throw error(.numberOutOfRange, at: start) }
        return JSONNumber(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
