extension JSONValue {
    /// A string, or `null` for `nil`.
    static func text(_ string: String?) -> JSONValue { string.map(JSONValue.string) ?? .null }

    /// An integer, or `null` for `nil`.
    static func integer(_ integer: Int64?) -> JSONValue { integer.map { .number(JSONNumber($0)) } ?? .null }
}
