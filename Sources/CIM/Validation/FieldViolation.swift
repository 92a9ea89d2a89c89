/// One broken rule in a message: the JSON path of the field and what is wrong with it.
public struct FieldViolation: Sendable, Hashable, CustomStringConvertible {
    /// The JSON path of the offending field (`header.sender.id`, `body.activities[2].menu`);
    /// empty for the document as a whole.
    public let field: String
    /// The rule that was broken, in words an integrator can act on.
    public let message: String

    /// Creates a violation.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
