import Glibc

/// A parsed JSON document as a flat list of tokens over the bytes it came from.
///
/// Parsing into a tape allocates once for the whole document instead of once per value:
/// strings stay byte ranges of the input (escaped strings are decoded once into a side
/// buffer), and a container knows where it ends, so a reader skips what it does not need.
/// Readers materialize `String`s and ``JSONValue``s only for the fields they keep.
///
/// A tape borrows the input bytes: it is valid only while they are, so it lives inside
/// the parser's `withTape` call.
struct JSONTape {
    /// The document's bytes.
    let input: UnsafeRawBufferPointer
    /// The values in document order; an object's members alternate key and value.
    var tokens: [JSONToken] = []
    /// The decoded content of every string that had escapes.
    var unescaped: [UInt8] = []

    init(input: UnsafeRawBufferPointer) {
        self.input = input
        tokens.reserveCapacity(input.count / 8)
    }

    /// The root value's index.
    static let root = 0

    subscript(index: Int) -> JSONToken { tokens[index] }

    /// The index of the value after `index` and everything inside it.
    func next(after index: Int) -> Int { Int(tokens[index].next) }

    /// Calls `body` with the decoded UTF-8 bytes of the string at `index`.
    func withStringBytes<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let token = tokens[index]
        let range = Int(token.start)..<Int(token.end)
        if token.isUnescaped {
            return unescaped.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
        return body(UnsafeRawBufferPointer(rebasing: input[range]))
    }

    /// The string at `index`.
    func string(at index: Int) -> String {
        withStringBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the string at `index` is exactly `text`, compared byte by byte.
    func string(at index: Int, equals text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in stringBytes(at: index, equal: UnsafeRawBufferPointer(utf8)) }
    }

    /// Whether the decoded bytes of the string at `index` are exactly `bytes`; the lengths
    /// are compared first, without touching the bytes.
    func stringBytes(at index: Int, equal bytes: UnsafeRawBufferPointer) -> Bool {
        let token = tokens[index]
        guard Int(token.end - token.start) == bytes.count else { return false }
        guard !bytes.isEmpty else { return true }
        return withStringBytes(at: index) { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }

    /// The number at `index`, as the parser checked it.
    func number(at index: Int) -> JSONNumber {
        let token = tokens[index]
        let literal = UnsafeRawBufferPointer(rebasing: input[Int(token.start)..<Int(token.end)])
        return JSONNumber(literal: literal)!
    }

    /// The index of member `key`'s value in the object at `index`, or `nil`.
    func member(_ key: String, of index: Int) -> Int? {
        var key = key
        return key.withUTF8 { utf8 in
            let keyBytes = UnsafeRawBufferPointer(utf8)
            var keyIndex = index + 1
            for _ in 0..<tokens[index].count {
                if stringBytes(at: keyIndex, equal: keyBytes) { return keyIndex + 1 }
                keyIndex = Int(tokens[keyIndex + 1].next)
            }
            return nil
        }
    }

    /// The key and value indices of the object at `index`, in document order.
    func members(of index: Int) -> [(key: Int, value: Int)] {
        members(of: index, count: Int(tokens[index].count))
    }

    /// The first `count` members of the object at `index` (which may still be being read).
    func members(of index: Int, count: Int) -> [(key: Int, value: Int)] {
        var members: [(key: Int, value: Int)] = []
        members.reserveCapacity(count)
        var keyIndex = index + 1
        for _ in 0..<count {
            members.append((keyIndex, keyIndex + 1))
            keyIndex = Int(tokens[keyIndex + 1].next)
        }
        return members
    }

    /// The element indices of the array at `index`.
    func elements(of index: Int) -> [Int] {
        var elements: [Int] = []
        elements.reserveCapacity(Int(tokens[index].count))
        var elementIndex = index + 1
        for _ in 0..<tokens[index].count {
            elements.append(elementIndex)
            elementIndex = Int(tokens[elementIndex].next)
        }
        return elements
    }

    /// The value at `index` as a ``JSONValue`` tree.
    func value(at index: Int) -> JSONValue {
        switch tokens[index].kind {
        case .null: .null
        case .true: .bool(true)
        case .false: .bool(false)
        case .number: .number(number(at: index))
        case .string: .string(string(at: index))
        case .array: .array(elements(of: index).map(value(at:)))
        case .object: .object(object(at: index))
        }
    }

    /// The object at `index` as a ``JSONObject``.
    func object(at index: Int) -> JSONObject {
        JSONObject(members: members(of: index).map { (string(at: $0.key), value(at: $0.value)) })
    }
}

/// One value on a ``JSONTape``.
struct JSONToken {
    /// The JSON type, with the two booleans apart.
    enum Kind: UInt8 {
        case null, `true`, `false`, number, string, array, object

        /// The type's name as error messages give it.
        var typeName: String {
            switch self {
            case .null: "null"
            case .true, .false: "boolean"
            case .number: "number"
            case .string: "string"
            case .array: "array"
            case .object: "object"
            }
        }
    }

    let kind: Kind
    /// For a string, whether its content is in the tape's `unescaped` buffer rather than
    /// in the input.
    var isUnescaped = false
    /// A string's content (without quotes) or a number's literal; for a container, the
    /// offset of its opening bracket.
    var start: UInt32
    var end: UInt32
    /// The members of an object or the elements of an array.
    var count: UInt32 = 0
    /// The index of the token after this value and everything inside it.
    var next: UInt32 = 0
}
