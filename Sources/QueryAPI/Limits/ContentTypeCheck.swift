import HTTPTypes

/// Ingest routes take JSON only, in UTF-8 (a charset other than UTF-8 is refused), or no
/// content type at all: single messages as `application/json` or any `application/*+json`,
/// batches as NDJSON (`application/x-ndjson`, `application/ndjson` or `application/jsonl`).
enum ContentTypeCheck {
    static func requireJSON(_ contentType: String?) throws(Problem) {
        try require(contentType, plain: "application/json", what: "a CIM message as application/json") { mediaType in
            mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        }
    }

    static func requireNDJSON(_ contentType: String?) throws(Problem) {
        try require(contentType, plain: "application/x-ndjson", what: "CIM messages as NDJSON (application/x-ndjson), one per line") {
            ["application/x-ndjson", "application/ndjson", "application/jsonl"].contains($0)
        }
    }

    private static func require(_ contentType: String?, plain: String, what: String, accepts: (String) -> Bool) throws(Problem) {
        // The plain form, nearly every request, is decided without splitting.
        guard let contentType, contentType != plain else { return }
        let parts = contentType.split(separator: ";").map { trimmed($0, removing: " \t").lowercased() }
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }.map {
            trimmed($0.dropFirst("charset=".count), removing: "\"")
        }
        guard accepts(parts.first ?? ""), charset == nil || charset == "utf-8" || charset == "utf8" else {
            throw Problem(
                status: .unsupportedMediaType,
                title: "Unsupported content type",
                detail: "This route takes \(what) in UTF-8, not \(contentType).",
                errors: [Problem.FieldError(field: "", message: "the Content-Type must be \(plain) (UTF-8)")]
            )
        }
    }

    private static func trimmed(_ text: Substring, removing characters: String) -> String {
        let start = text.firstIndex { !characters.contains($0) } ?? text.endIndex
        let end = text[start...].lastIndex { !characters.contains($0) }.map { text.index(after: $0) } ?? start
        return String(text[start..<end])
    }
}
