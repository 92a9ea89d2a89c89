/// Accumulates violations while a message is read, so every problem is reported at once.
final class ViolationCollector {
    private(set) var violations: [FieldViolation] = []

    func add(_ field: String, _ message: String) {
        violations.append(FieldViolation(field: field, message: message))
    }

    var isEmpty: Bool { violations.isEmpty }
}
