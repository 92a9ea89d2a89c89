import CIM
public import HTTPTypes
public import Hummingbird
import NIOCore

/// An RFC 9457 problem: the body of every error response
/// (`application/problem+json`), with the field errors of a refused message.
public struct Problem: Error, Sendable {
    /// One field error: `{"field": "header.sender.id", "message": "is required"}`.
    public struct FieldError: Sendable, Hashable {
        /// The JSON path of the field, or `""` for the document.
        public let field: String
        /// The rule broken.
        public let message: String

        /// Creates a field error.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// The status code.
    public var status: HTTPResponse.Status
    /// A short, stable summary of the problem type.
    public var title: String
    /// What happened in this occurrence.
    public var detail: String
    /// The field errors, if any.
    public var errors: [FieldError]
    /// Extra top-level members (`existingPosition`, …).
    public var extensions: [(String, Int64)]
    /// Extra headers (`Retry-After`, …).
    public var headers: HTTPFields

    /// Creates a problem.
    public init(
        status: HTTPResponse.Status, title: String, detail: String, errors: [FieldError] = [], extensions: [(String, Int64)] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.extensions = extensions
        self.headers = headers
    }

    /// The problem as a response.
    public var response: Response {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.field("type", "about:blank")
        writer.field("title", title)
        writer.field("status", Int(status.code))
        writer.field("detail", detail)
        writer.key("errors")
        writer.beginArray()
        for error in errors {
            writer.beginObject()
            writer.field("field", error.field)
            writer.field("message", error.message)
            writer.endObject()
        }
        writer.endArray()
        for (name, value) in extensions { writer.field(name, value) }
        writer.endObject()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: writer.buffer))
    }

    /// A 400 naming one query parameter.
    static func badParameter(_ name: String, _ message: String) -> Problem {
        Problem(
            status: .badRequest,
            title: "Invalid parameter",
            detail: "The query parameter \(name) \(message).",
            errors: [FieldError(field: name, message: message)]
        )
    }

    /// A 404 for an unknown id.
    static func notFound(_ kind: String, _ id: String) -> Problem {
        Problem(status: .notFound, title: "Not found", detail: "No \(kind) with id \"\(id.prefix(100))\" is known (yet).")
    }
}
