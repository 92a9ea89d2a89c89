/// A short excerpt of an activity's text around what a search matched, as parts that are
/// either plain or a match. SQLite's `snippet()` marks matches with two control characters
/// that indexed text never holds (``SearchDocument`` removes them), and the parts are
/// split on them here, so a client renders matches without ever parsing markup.
public struct SearchSnippet: Sendable, Equatable {
    /// One run of the excerpt.
    public struct Part: Sendable, Equatable {
        /// The text, as the customer or agent wrote it.
        public let text: String
        /// Whether the search matched this run.
        public let isMatch: Bool
    }

    /// The runs, in order.
    public let parts: [Part]

    /// The marker before a match (`snippet()`'s third argument).
    static let open: Unicode.Scalar = "\u{1}"
    /// The marker after a match.
    static let close: Unicode.Scalar = "\u{2}"

    /// Whether `scalar` is one of the markers.
    static func isMarker(_ scalar: Unicode.Scalar) -> Bool { scalar == open || scalar == close }

    /// Splits `snippet()`'s output on the markers.
    init(marked: String) {
        var parts: [Part] = []
        var current = String.UnicodeScalarView()
        var inMatch = false
        for scalar in marked.unicodeScalars {
            guard scalar == (inMatch ? Self.close : Self.open) else {
                current.append(scalar)
                continue
            }
            if !current.isEmpty { parts.append(Part(text: String(current), isMatch: inMatch)) }
            current = String.UnicodeScalarView()
            inMatch.toggle()
        }
        if !current.isEmpty { parts.append(Part(text: String(current), isMatch: inMatch)) }
        self.parts = parts
    }
}
