extension FieldReader {
    // Fields the store only keeps (it never routes, orders, shows or decides by them) are
    // read leniently: a value of another JSON type than the reference shows is kept in the
    // message as sent and read here as absent, never refused. (Free text the history shows,
    // such as names and `markdownText`, takes any scalar through `text`.) Vendors' own traffic
    // differs from their guides (a `VOICE` body's `reasonCode` is `"DIALOG_ENDED"` on call-leg
    // events and `200` on delivery notifications); strictness stays where the store depends on
    // the value: ids, timestamps, routing keys, body types and the IVR rules.

    /// The integer at `key` when it is one (or a numeric string); otherwise `nil`.
    func keptInteger(_ key: String) -> Int64? {
        guard let index = value(key) else { return nil }
        switch tape[index].kind {
        case .number: return tape.number(at: index).integer
        case .string: return Int64(tape.string(at: index).trimmingSpaces)
        default: return nil
        }
    }

    /// The text of the string, number or boolean at `key`; `nil` for an object or array.
    func keptText(_ key: String) -> String? {
        guard let index = value(key) else { return nil }
        switch tape[index].kind {
        case .string, .number, .true, .false: return text(key)
        default: return nil
        }
    }

    /// The object at `key` as a reader of its own; `nil` for any other value.
    func keptObject(_ key: String) -> FieldReader? {
        guard let index = value(key), tape[index].kind == .object else { return nil }
        return object(key)
    }

    /// The boolean at `key` (or the string `"true"` or `"false"`); otherwise `nil`.
    func keptBool(_ key: String) -> Bool? {
        guard let index = value(key) else { return nil }
        switch tape[index].kind {
        case .true: return true
        case .false: return false
        case .string: return ["true": true, "false": false][tape.string(at: index)]
        default: return nil
        }
    }
}
