/// Reads typed fields out of a JSON object, recording a violation (with its path) for each
/// field that is missing or of the wrong type instead of stopping at the first.
///
/// Tolerance follows real traffic: `null` counts as absent for every optional field,
/// numbers may arrive as numeric strings, and free-text fields that the references show as
/// numbers (`requestPriority: 0`) are read as their text.
struct FieldReader {
    let object: JSONObject
    let path: String
    let collector: ViolationCollector

    init(object: JSONObject, path: String, collector: ViolationCollector) {
        self.object = object
        self.path = path
        self.collector = collector
    }

    func pathOf(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The value at `key`, treating `null` as absent.
    func value(_ key: String) -> JSONValue? {
        switch object[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    func missing(_ key: String) {
        collector.add(pathOf(key), "is required")
    }

    func wrongType(_ key: String, expected: String, found: JSONValue) {
        collector.add(pathOf(key), "must be \(expected), found \(found.typeName)")
    }

    /// A string field. `nonEmpty` also refuses `""` and white space.
    func string(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .string(let string) = value else {
            wrongType(key, expected: "a string", found: value)
            return nil
        }
        if nonEmpty, string.allSatisfy(\.isWhitespace) {
            collector.add(pathOf(key), "must not be empty")
            return nil
        }
        return string
    }

    /// A field of free text that some senders send as a number or boolean.
    func text(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        switch value {
        case .string(let string): return string
        case .number(let number): return number.text
        case .bool(let bool): return bool ? "true" : "false"
        default:
            wrongType(key, expected: "a string", found: value)
            return nil
        }
    }

    /// An integer field; numeric strings are accepted.
    func integer(_ key: String, required: Bool = false) -> Int64? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        switch value {
        case .number(let number):
            if let integer = number.integer { return integer }
            collector.add(pathOf(key), "must be an integer, found \(number.text)")
            return nil
        case .string(let string):
            if let integer = Int64(string.trimmingSpaces) { return integer }
            collector.add(pathOf(key), "must be an integer or a numeric string, found \"\(string.prefixForMessage)\"")
            return nil
        default:
            wrongType(key, expected: "an integer", found: value)
            return nil
        }
    }

    /// A real number field; numeric strings are accepted.
    func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        switch value {
        case .number(let number):
            return number.double
        case .string(let string):
            if let double = Double(string.trimmingSpaces), double.isFinite { return double }
            collector.add(pathOf(key), "must be a number or a numeric string, found \"\(string.prefixForMessage)\"")
            return nil
        default:
            wrongType(key, expected: "a number", found: value)
            return nil
        }
    }

    /// A boolean field; the strings `"true"` and `"false"` are accepted.
    func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let bool): return bool
        case .string("true"): return true
        case .string("false"): return false
        default:
            wrongType(key, expected: "a boolean", found: value)
            return nil
        }
    }

    /// A point in time: epoch milliseconds as a number or numeric string, or (when
    /// `allowISO8601`) an ISO-8601 date-time string.
    func timestamp(_ key: String, required: Bool = false, allowISO8601: Bool = true) -> Timestamp? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        let accepted =
            allowISO8601
            ? "epoch milliseconds (a number or numeric string) or an ISO-8601 date-time"
            : "epoch milliseconds (a number or numeric string)"
        switch value {
        case .number(let number):
            guard number.double >= 0, number.double < 1e15 else {
                collector.add(pathOf(key), "must be \(accepted), found \(number.text)")
                return nil
            }
            return Timestamp(millisecondsSince1970: Int64(number.double))
        case .string(let string):
            let trimmed = string.trimmingSpaces
            if let milliseconds = Int64(trimmed), milliseconds >= 0, milliseconds < 1_000_000_000_000_000 {
                return Timestamp(millisecondsSince1970: milliseconds)
            }
            if allowISO8601, let timestamp = Timestamp(iso8601: trimmed) { return timestamp }
            collector.add(pathOf(key), "must be \(accepted), found \"\(string.prefixForMessage)\"")
            return nil
        default:
            wrongType(key, expected: accepted, found: value)
            return nil
        }
    }

    /// A string field whose value must be one of `allowed`.
    func enumeration(_ key: String, allowed: [String], required: Bool = false) -> String? {
        guard let string = string(key, required: required) else { return nil }
        guard allowed.contains(string) else {
            collector.add(pathOf(key), "must be one of \(allowed.joined(separator: ", ")), found \"\(string.prefixForMessage)\"")
            return nil
        }
        return string
    }

    /// A nested object, as a reader of its own.
    func object(_ key: String, required: Bool = false) -> FieldReader? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .object(let object) = value else {
            wrongType(key, expected: "an object", found: value)
            return nil
        }
        return FieldReader(object: object, path: pathOf(key), collector: collector)
    }

    /// A value that may be anything JSON (kept as is); `null` counts as absent.
    func any(_ key: String) -> JSONValue? { value(key) }

    /// An array field; `nonEmpty` also refuses `[]`.
    func array(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> [(value: JSONValue, path: String)]? {
        guard let value = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .array(let elements) = value else {
            wrongType(key, expected: "an array", found: value)
            return nil
        }
        if nonEmpty, elements.isEmpty {
            collector.add(pathOf(key), "must have at least one item")
            return nil
        }
        let base = pathOf(key)
        return elements.enumerated().map { (index, element) in (element, "\(base)[\(index)]") }
    }

    /// An array of objects, each decoded by `decode`; items of another type are violations.
    func objects<Item>(
        _ key: String,
        required: Bool = false,
        nonEmpty: Bool = false,
        _ decode: (FieldReader) -> Item?
    ) -> [Item]? {
        guard let elements = array(key, required: required, nonEmpty: nonEmpty) else { return nil }
        var items: [Item] = []
        for element in elements {
            guard case .object(let object) = element.value else {
                collector.add(element.path, "must be an object, found \(element.value.typeName)")
                continue
            }
            if let item = decode(FieldReader(object: object, path: element.path, collector: collector)) {
                items.append(item)
            }
        }
        return items
    }

    /// An array of strings (numbers are read as their text).
    func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let elements = array(key, required: required) else { return nil }
        var strings: [String] = []
        for element in elements {
            switch element.value {
            case .string(let string): strings.append(string)
            case .number(let number): strings.append(number.text)
            default: collector.add(element.path, "must be a string, found \(element.value.typeName)")
            }
        }
        return strings
    }
}

extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }

    var prefixForMessage: String {
        count > 40 ? String(prefix(40)) + "…" : self
    }
}
