/// Why a message was refused by the CIM module.
///
/// Every error carries the complete list of violations found, so a client can fix its
/// message in one round trip.
public struct CIMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family of the failure.
    public enum Code: String, Sendable {
        /// The bytes are not a JSON document (syntax, encoding, nesting).
        case malformedJSON
        /// The document is JSON but breaks one or more CIM rules.
        case invalidMessage
        /// The document is JSON but not a webhook its adapter can read without guessing.
        case invalidWebhook
    }

    /// The family of the failure.
    public let code: Code
    /// Every violation found, in document order.
    public let violations: [FieldViolation]

    /// Creates an error.
    public init(code: Code, violations: [FieldViolation]) {
        self.code = code
        self.violations = violations
    }

    static func malformed(_ error: JSONParseError) -> CIMError {
        CIMError(code: .malformedJSON, violations: [FieldViolation(field: "", message: error.description)])
    }

    public var description: String {
        violations.map(\.description).joined(separator: "; ")
    }
}
