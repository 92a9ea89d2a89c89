import Foundation
import HTTPTypes

/// Ingest routes take JSON only: `application/json`, any `application/*+json`, or no
/// content type at all. A charset other than UTF-8 is refused too.
enum ContentTypeCheck {
    static func requireJSON(_ contentType: String?) throws(Problem) {
        guard let contentType else { return }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let mediaType = parts.first ?? ""
        let isJSON = mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }.map {
            String($0.dropFirst("charset=".count)).trimmingCharacters(in: ["\""])
        }
        guard isJSON, charset == nil || charset == "utf-8" || charset == "utf8" else {
            throw Problem(
                status: .unsupportedMediaType,
                title: "Unsupported content type",
                detail: "This route takes a CIM message as application/json in UTF-8, not \(contentType).",
                errors: [Problem.FieldError(field: "", message: "the Content-Type must be application/json (UTF-8)")]
            )
        }
    }
}
