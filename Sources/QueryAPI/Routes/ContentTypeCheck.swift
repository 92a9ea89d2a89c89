import HTTPTypes

/// Ingest routes take JSON only: `application/json`, any `application/*+json`, or no
/// content type at all. A charset other than UTF-8 is refused too.
enum ContentTypeCheck {
    static func requireJSON(_ contentType: String?) throws(Problem) {
        // The plain form, nearly every request, is decided without splitting.
        guard let contentType, contentType != "application/json" else { return }
        let parts = contentType.split(separator: ";").map { trimmed($0, removing: " \t").lowercased() }
        let mediaType = parts.first ?? ""
        let isJSON = mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }.map {
            trimmed($0.dropFirst("charset=".count), removing: "\"")
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

    private static func trimmed(_ text: Substring, removing characters: String) -> String {
        let start = text.firstIndex { !characters.contains($0) } ?? text.endIndex
        let end = text[start...].lastIndex { !characters.contains($0) }.map { text.index(after: $0) } ?? start
        return String(text[start..<end])
    }
}
