/// A parsed JSON document, kept close to the text it came from.
///
/// Objects keep their members in document order; duplicate keys are rejected by
/// ``JSONParser``, so a lookup by key is unambiguous.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type's name as it appears in error messages (`"string"`, `"object"`, …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The member `key` of an object, or `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string, or `nil` for any other value.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The integer, or `nil` for any other value (a fraction included).
    public var integerValue: Int64? {
        if case .number(let number) = self { return number.integer }
        return nil
    }
}

/// A JSON number: its exact integer value when it has one, and its nearest `Double`.
public struct JSONNumber: Sendable, Hashable {
    /// The value as a 64-bit integer, when the literal is an integer in range.
    public let integer: Int64?
    /// The value as a double (may lose precision beyond 2^53).
    public let double: Double

    /// Creates a number from an integer.
    public init(_ integer: Int64) {
        self.integer = integer
        self.double = Double(integer)
    }

    /// Creates a number from a double; it is integral when the double is.
    public init(_ double: Double) {
        self.double = double
        if double.rounded() == double, abs(double) < 9.2e18 {
            self.integer = Int64(double)
        } else {
            self.integer = nil
        }
    }

    /// The number a checked JSON number literal denotes, or `nil` when it is out of range.
    init?(literal: UnsafeRawBufferPointer) {
        if let integer = Self.shortInteger(literal) {
            self.init(integer)
            return
        }
        let text = String(decoding: literal, as: UTF8.self)
        let isInteger = !literal.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        if isInteger, let integer = Int64(text) {
            self.init(integer)
        } else if let double = Double(text), double.isFinite {
            self.init(double)
        } else {
            return nil
        }
    }

    /// The value of an integer literal of at most 18 digits (always within `Int64`), read
    /// without building a string; `nil` for any other literal.
    static func shortInteger(_ literal: UnsafeRawBufferPointer) -> Int64? {
        let isNegative = literal.first == UInt8(ascii: "-")
        let digits = literal.count - (isNegative ? 1 : 0)
        guard digits > 0, digits <= 18 else { return nil }
        var value: Int64 = 0
        for byte in literal.dropFirst(isNegative ? 1 : 0) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return isNegative ? -value : value
    }

    /// The shortest text that reads back as this number.
    public var text: String {
        if let integer { return String(integer) }
        return String(double)
    }
}

/// A JSON object: members in document order, keys unique.
public struct JSONObject: Sendable, Hashable {
    /// The members in document order.
    public private(set) var members: [(key: String, value: JSONValue)]

    /// Creates an object from members whose keys are unique.
    public init(members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    /// The value of `key`, or `nil` when absent.
    public subscript(key: String) -> JSONValue? {
        for member in members where member.key.utf8.elementsEqual(key.utf8) { return member.value }
        return nil
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    mutating func append(key: String, value: JSONValue) {
        members.append((key, value))
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members where rhs[member.key] != member.value { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members.sorted(by: { $0.key < $1.key }) {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}
