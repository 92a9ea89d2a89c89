extension FieldReader {
    /// A required id: a string, or a number as some senders send ids, that is not empty or
    /// white space; missing, of another type (a boolean too), or blank is a violation.
    func requiredText(_ key: String) -> String? {
        if let index = value(key), tape[index].kind != .string, tape[index].kind != .number {
            wrongType(key, expected: "a string", found: index)
            return nil
        }
        guard let text = text(key, required: true) else { return nil }
        guard !text.isBlank else {
            collector.add(pathOf(key), "must not be empty")
            return nil
        }
        return text
    }
}
