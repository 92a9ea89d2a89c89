/// Reads typed fields out of a JSON object on a parsed tape, recording a violation (with its
/// path) for each field that is missing or of the wrong type instead of stopping at the
/// first.
///
/// Tolerance follows real traffic: `null` counts as absent for every optional field,
/// numbers may arrive as numeric strings, and free-text fields that the references show as
/// numbers (`requestPriority: 0`) are read as their text. Only the fields read become
/// `String`s or ``JSONValue``s.
struct FieldReader {
    let tape: JSONTape
    /// The object's index on the tape.
    let objectIndex: Int
    let path: FieldPath
    let collector: ViolationCollector

    /// A reader of the object at `objectIndex`, whose fields' paths start with `path`.
    init(tape: JSONTape, objectIndex: Int, path: String, collector: ViolationCollector) {
        self.init(tape: tape, objectIndex: objectIndex, path: FieldPath(path), collector: collector)
    }

    private init(tape: JSONTape, objectIndex: Int, path: FieldPath, collector: ViolationCollector) {
        self.tape = tape
        self.objectIndex = objectIndex
        self.path = path
        self.collector = collector
    }

    func pathOf(_ key: String) -> String {
        path.member(key).text
    }

    /// The tape index of the value at `key`, treating `null` as absent.
    func value(_ key: String) -> Int? {
        guard let index = tape.member(key, of: objectIndex), tape[index].kind != .null else { return nil }
        return index
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    func missing(_ key: String) {
        collector.add(pathOf(key), "is required")
    }

    func wrongType(_ key: String, expected: String, found index: Int) {
        collector.add(pathOf(key), "must be \(expected), found \(tape[index].kind.typeName)")
    }

    /// The object itself as a ``JSONObject``.
    var jsonObject: JSONObject { tape.object(at: objectIndex) }

    /// A string field. `nonEmpty` also refuses `""` and white space.
    func string(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> String? {
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard tape[index].kind == .string else {
            wrongType(key, expected: "a string", found: index)
            return nil
        }
        let string = tape.string(at: index)
        if nonEmpty, string.isBlank {
            collector.add(pathOf(key), "must not be empty")
            return nil
        }
        return string
    }

    /// A field of free text that some senders send as a number or boolean.
    func text(_ key: String, required: Bool = false) -> String? {
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        switch tape[index].kind {
        case .string: return tape.string(at: index)
        case .number: return tape.number(at: index).text
        case .true: return "true"
        case .false: return "false"
        default:
            wrongType(key, expected: "a string", found: index)
            return nil
        }
    }

    /// An integer field; numeric strings are accepted.
    func integer(_ key: String, required: Bool = false) -> Int64? {
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        switch tape[index].kind {
        case .number:
            let number = tape.number(at: index)
            if let integer = number.integer { return integer }
            collector.add(pathOf(key), "must be an integer, found \(number.text)")
            return nil
        case .string:
            let string = tape.string(at: index)
            if let integer = Int64(string.trimmingSpaces) { return integer }
            collector.add(pathOf(key), "must be an integer or a numeric string, found \"\(string.prefixForMessage)\"")
            return nil
        default:
            wrongType(key, expected: "an integer", found: index)
            return nil
        }
    }

    /// A real number field; numeric strings are accepted.
    func number(_ key: String, required: Bool = false) -> Double? {
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        switch tape[index].kind {
        case .number:
            return tape.number(at: index).double
        case .string:
            let string = tape.string(at: index)
            if let double = Double(string.trimmingSpaces), double.isFinite { return double }
            collector.add(pathOf(key), "must be a number or a numeric string, found \"\(string.prefixForMessage)\"")
            return nil
        default:
            wrongType(key, expected: "a number", found: index)
            return nil
        }
    }

    /// A boolean field; the strings `"true"` and `"false"` are accepted.
    func bool(_ key: String) -> Bool? {
        guard let index = value(key) else { return nil }
        switch tape[index].kind {
        case .true: return true
        case .false: return false
        case .string where tape.string(at: index, equals: "true"): return true
        case .string where tape.string(at: index, equals: "false"): return false
        default:
            wrongType(key, expected: "a boolean", found: index)
            return nil
        }
    }

    /// A point in time: epoch milliseconds as a number or numeric string, or (when
    /// `allowISO8601`) an ISO-8601 date-time string.
    func timestamp(_ key: String, required: Bool = false, allowISO8601: Bool = true) -> Timestamp? {
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        let accepted =
            allowISO8601
            ? "epoch milliseconds (a number or numeric string) or an ISO-8601 date-time"
            : "epoch milliseconds (a number or numeric string)"
        switch tape[index].kind {
        case .number:
            let number = tape.number(at: index)
            guard number.double >= 0, number.double < 1e15 else {
                collector.add(pathOf(key), "must be \(accepted), found \(number.text)")
                return nil
            }
            return Timestamp(millisecondsSince1970: Int64(number.double))
        case .string:
            let string = tape.string(at: index)
            let trimmed = string.trimmingSpaces
            if let milliseconds = Int64(trimmed), milliseconds >= 0, milliseconds < 1_000_000_000_000_000 {
                return Timestamp(millisecondsSince1970: milliseconds)
            }
            if allowISO8601, let timestamp = Timestamp(iso8601: trimmed) { return timestamp }
            collector.add(pathOf(key), "must be \(accepted), found \"\(string.prefixForMessage)\"")
            return nil
        default:
            wrongType(key, expected: accepted, found: index)
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
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard tape[index].kind == .object else {
            wrongType(key, expected: "an object", found: index)
            return nil
        }
        return FieldReader(tape: tape, objectIndex: index, path: path.member(key), collector: collector)
    }

    /// A value that may be anything JSON (kept as is); `null` counts as absent.
    func any(_ key: String) -> JSONValue? { value(key).map(tape.value(at:)) }

    /// An array field; `nonEmpty` also refuses `[]`.
    func array(_ key: String, required: Bool = false, nonEmpty: Bool = false) -> ArrayField? {
        guard let index = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard tape[index].kind == .array else {
            wrongType(key, expected: "an array", found: index)
            return nil
        }
        if nonEmpty, tape[index].count == 0 {
            collector.add(pathOf(key), "must have at least one item")
            return nil
        }
        return ArrayField(path: path.member(key), elements: tape.elements(of: index))
    }

    /// An array of objects, each decoded by `decode`; items of another type are violations.
    func objects<Item>(
        _ key: String,
        required: Bool = false,
        nonEmpty: Bool = false,
        _ decode: (FieldReader) -> Item?
    ) -> [Item]? {
        guard let array = array(key, required: required, nonEmpty: nonEmpty) else { return nil }
        var items: [Item] = []
        for (offset, element) in array.elements.enumerated() {
            guard tape[element].kind == .object else {
                collector.add(array.path(ofElement: offset), "must be an object, found \(tape[element].kind.typeName)")
                continue
            }
            let reader = FieldReader(tape: tape, objectIndex: element, path: array.path.element(offset), collector: collector)
            if let item = decode(reader) {
                items.append(item)
            }
        }
        return items
    }

    /// An array of strings (numbers are read as their text).
    func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let array = array(key, required: required) else { return nil }
        var strings: [String] = []
        for (offset, element) in array.elements.enumerated() {
            switch tape[element].kind {
            case .string: strings.append(tape.string(at: element))
            case .number: strings.append(tape.number(at: element).text)
            case let kind: collector.add(array.path(ofElement: offset), "must be a string, found \(kind.typeName)")
            }
        }
        return strings
    }
}

/// An array field: its path and the tape indices of its elements.
struct ArrayField {
    let path: FieldPath
    let elements: [Int]

    /// The path of the element at `offset`, for violations.
    func path(ofElement offset: Int) -> String {
        path.element(offset).text
    }
}

extension String {
    /// The text, or `nil` when it is empty or only white space.
    var nilIfBlank: String? { isBlank ? nil : self }

    /// Whether the text is empty or only white space. A visible ASCII byte decides at once,
    /// without walking the text's characters.
    var isBlank: Bool {
        for byte in utf8 where byte < 0x80 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            default: return false
            }
        }
        return allSatisfy(\.isWhitespace)
    }

    var trimmingSpaces: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }

    var prefixForMessage: String {
        count > 40 ? String(prefix(40)) + "…" : self
    }
}
