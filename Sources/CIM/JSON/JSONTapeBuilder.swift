/// The parser proper: one pass over the bytes, checking every rule of ``JSONParser`` and
/// appending a token per value to a ``JSONTape``.
struct JSONTapeBuilder {
    private let bytes: UnsafeRawBufferPointer
    private let limits: JSONParser
    private var tape: JSONTape
    private var index = 0

    /// Objects with more members than this check duplicate keys with a set, so a hostile
    /// object with many keys costs no more than its size.
    private static let linearKeyCheckLimit = 16

    init(input: UnsafeRawBufferPointer, limits: JSONParser) {
        self.bytes = input
        self.limits = limits
        self.tape = JSONTape(input: input)
    }

    /// Parses the whole input; the first token is the root value.
    mutating func build() throws(JSONParseError) -> JSONTape {
        guard bytes.count < Int(UInt32.max) else { throw error(.tooLarge, at: 0) }
        skipWhitespace()
        guard !isAtEnd else { throw error(.empty) }
        try readValue(depth: 0)
        skipWhitespace()
        guard isAtEnd else { throw error(.trailingContent) }
        return tape
    }

    private var isAtEnd: Bool { index >= bytes.count }

    private func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for position in 0..<offset where bytes[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        return JSONParseError(reason: reason, offset: offset, line: line, column: offset - lineStart + 1)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func append(_ kind: JSONToken.Kind, start: Int, end: Int, isUnescaped: Bool = false) {
        let next = UInt32(tape.tokens.count + 1)
        tape.tokens.append(JSONToken(kind: kind, isUnescaped: isUnescaped, start: UInt32(start), end: UInt32(end), next: next))
    }

    private mutating func readValue(depth: Int) throws(JSONParseError) {
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "{"): try readObject(depth: depth + 1)
        case UInt8(ascii: "["): try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): try readString()
        case UInt8(ascii: "t"): try readLiteral("true", kind: .true)
        case UInt8(ascii: "f"): try readLiteral("false", kind: .false)
        case UInt8(ascii: "n"): try readLiteral("null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try readNumber()
        case let byte:
            throw error(byte >= 0x80 && !isValidUTF8Start(at: index) ? .invalidUTF8 : .unexpectedCharacter(byte))
        }
    }

    private func isValidUTF8Start(at position: Int) -> Bool {
        let byte = bytes[position]
        return byte >= 0xC2 && byte <= 0xF4
    }

    private mutating func readLiteral(_ literal: StaticString, kind: JSONToken.Kind) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        for offset in 0..<count where index + offset >= bytes.count || bytes[index + offset] != literal.utf8Start[offset] {
            throw error(.invalidLiteral)
        }
        append(kind, start: index, end: index + count)
        index += count
    }

    /// Starts a container's token; `finishContainer` fills in its size once it is read.
    private mutating func startContainer(_ kind: JSONToken.Kind, depth: Int) throws(JSONParseError) -> Int {
        guard depth <= limits.maximumDepth else { throw error(.tooDeep(limit: limits.maximumDepth)) }
        let tokenIndex = tape.tokens.count
        append(kind, start: index, end: index)
        index += 1
        skipWhitespace()
        return tokenIndex
    }

    private mutating func finishContainer(_ tokenIndex: Int, count: Int) {
        index += 1
        tape.tokens[tokenIndex].count = UInt32(count)
        tape.tokens[tokenIndex].end = UInt32(index)
        tape.tokens[tokenIndex].next = UInt32(tape.tokens.count)
    }

    private mutating func readObject(depth: Int) throws(JSONParseError) {
        let objectIndex = try startContainer(.object, depth: depth)
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return finishContainer(objectIndex, count: 0) }
        var count = 0
        var keys: Set<[UInt8]>? = nil
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error(.unexpectedCharacter(bytes[index])) }
            let keyOffset = index
            let keyIndex = tape.tokens.count
            try readString()
            if isDuplicateKey(keyIndex, objectIndex: objectIndex, count: count, keys: &keys) {
                throw error(.duplicateKey(tape.string(at: keyIndex)), at: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: ":") else { throw error(.unexpectedCharacter(bytes[index])) }
            index += 1
            skipWhitespace()
            try readValue(depth: depth)
            count += 1
            try checkItemCount(count, containerAt: objectIndex)
            if try isAtContainerEnd(closing: UInt8(ascii: "}")) { return finishContainer(objectIndex, count: count) }
        }
    }

    /// Whether the key just read repeats one of the object's `count` earlier keys.
    private func isDuplicateKey(_ keyIndex: Int, objectIndex: Int, count: Int, keys: inout Set<[UInt8]>?) -> Bool {
        if count < Self.linearKeyCheckLimit {
            var earlierKey = objectIndex + 1
            for _ in 0..<count {
                if sameString(earlierKey, keyIndex) { return true }
                earlierKey = tape.next(after: earlierKey + 1)
            }
            return false
        }
        if keys == nil {
            keys = Set(tape.members(of: objectIndex, count: count).map { member in tape.withStringBytes(at: member.key) { Array($0) } })
        }
        return !keys!.insert(tape.withStringBytes(at: keyIndex) { Array($0) }).inserted
    }

    private func sameString(_ first: Int, _ second: Int) -> Bool {
        tape.withStringBytes(at: first) { tape.stringBytes(at: second, equal: $0) }
    }

    private mutating func readArray(depth: Int) throws(JSONParseError) {
        let arrayIndex = try startContainer(.array, depth: depth)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return finishContainer(arrayIndex, count: 0) }
        var count = 0
        while true {
            skipWhitespace()
            try readValue(depth: depth)
            count += 1
            try checkItemCount(count, containerAt: arrayIndex)
            if try isAtContainerEnd(closing: UInt8(ascii: "]")) { return finishContainer(arrayIndex, count: count) }
        }
    }

    private func checkItemCount(_ count: Int, containerAt tokenIndex: Int) throws(JSONParseError) {
        guard count <= limits.maximumItems else {
            throw error(.tooManyItems(limit: limits.maximumItems), at: Int(tape.tokens[tokenIndex].start))
        }
    }

    /// After a member or element: `true` at the container's closing bracket, `false` after
    /// a comma (which it consumes).
    private mutating func isAtContainerEnd(closing: UInt8) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return false
        case closing:
            return true
        case let byte:
            throw error(.unexpectedCharacter(byte))
        }
    }

    /// Reads a string starting at its opening quote.
    private mutating func readString() throws(JSONParseError) {
        index += 1
        let start = index
        var hasEscapes = false
        var hasNonASCII = false
        while true {
            while index + 8 <= bytes.count, !Self.needsAttention(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                index += 2
                continue
            }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            if byte >= 0x80 { hasNonASCII = true }
            index += 1
        }
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        let end = index
        guard end - start <= limits.maximumStringLength else {
            throw error(.stringTooLong(limit: limits.maximumStringLength), at: start - 1)
        }
        index += 1
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if hasNonASCII { try validateUTF8(raw, offset: start) }
        if !hasEscapes {
            return append(.string, start: start, end: end)
        }
        let decodedStart = tape.unescaped.count
        try decodeEscapes(raw, offset: start)
        append(.string, start: decodedStart, end: tape.unescaped.count, isUnescaped: true)
    }

    /// Whether any of the eight bytes in `word` is a quote, a backslash, a control character
    /// or not ASCII: the bytes a string scan must look at one by one. The rest of a string
    /// is skipped eight bytes at a time.
    private static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highBits != 0
        return word & highBits != 0 || belowSpace || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
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

    /// Appends the decoded content of an escaped string to the tape's side buffer.
    private mutating func decodeEscapes(_ raw: UnsafeRawBufferPointer, offset: Int) throws(JSONParseError) {
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                tape.unescaped.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else { throw error(.invalidEscape, at: offset + position) }
            let escaped = raw[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "\""): tape.unescaped.append(0x22)
            case UInt8(ascii: "\\"): tape.unescaped.append(0x5C)
            case UInt8(ascii: "/"): tape.unescaped.append(0x2F)
            case UInt8(ascii: "b"): tape.unescaped.append(0x08)
            case UInt8(ascii: "f"): tape.unescaped.append(0x0C)
            case UInt8(ascii: "n"): tape.unescaped.append(0x0A)
            case UInt8(ascii: "r"): tape.unescaped.append(0x0D)
            case UInt8(ascii: "t"): tape.unescaped.append(0x09)
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
                tape.unescaped.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw error(.invalidEscape, at: offset + position - 2)
            }
        }
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

    private mutating func readNumber() throws(JSONParseError) {
        let start = index
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
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error(.invalidNumber, at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error(.invalidNumber, at: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        guard JSONNumber(literal: UnsafeRawBufferPointer(rebasing: bytes[start..<index])) != nil else {
            throw error(.numberOutOfRange, at: start)
        }
        append(.number, start: start, end: index)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
