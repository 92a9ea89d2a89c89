import Foundation

/// A search as a person types it, translated into an FTS5 query that cannot be a syntax
/// error. The language:
///
/// - words: every word must match (`refund broken`), case and accents aside;
/// - `"a phrase"`: the words in this order;
/// - `word*`: any word starting so;
/// - `a OR b`: either of the two terms next to `OR`;
/// - `-word`: activities without it;
/// - a number (digits with `+ - ( ) . /`, at least three digits): any phone identity that
///   contains those digits, or the number as a word.
///
/// Everything else in a term is taken literally (quoted for FTS5), so `alice@example.com`
/// or `order #12` search for their words instead of failing. What cannot be searched for —
/// an empty query, a query over ``maximumLength`` characters or ``maximumTerms`` terms, a
/// quote left open, `OR` without a term on each side, only exclusions — is an
/// `invalidArgument` naming `q`.
public struct SearchQuery: Sendable, Equatable {
    /// The longest query accepted, in characters.
    public static let maximumLength = 200
    /// The most terms a query may hold.
    public static let maximumTerms = 16

    /// The FTS5 expression.
    public let match: String

    private struct Term {
        var text: String
        var isPhrase: Bool
        var isPrefix: Bool
        var isExcluded: Bool
    }

    /// Parses `text`; with `prefixEveryWord`, each word also matches words it begins
    /// (for looking up a customer while typing a name).
    public init(_ text: String, prefixEveryWord: Bool = false) throws(ProjectionsError) {
        guard text.count <= Self.maximumLength else { throw Self.invalid("is longer than \(Self.maximumLength) characters") }
        let tokens = try Self.tokens(of: text)
        var groups: [[String]] = []
        var excluded: [String] = []
        var joinNext = false
        for (index, token) in tokens.enumerated() {
            guard let term = token else {
                guard index > 0, index < tokens.count - 1, !joinNext, tokens[index - 1].map({ !$0.isExcluded }) ?? false else {
                    throw Self.invalid("has an OR without a term on each side")
                }
                joinNext = true
                continue
            }
            guard let expression = Self.expression(of: term, prefix: prefixEveryWord) else {
                if joinNext { throw Self.invalid("has an OR without a term on each side") }
                continue
            }
            if term.isExcluded {
                if joinNext { throw Self.invalid("has an OR next to an excluded term") }
                excluded.append(expression)
            } else if joinNext, !groups.isEmpty {
                groups[groups.count - 1].append(expression)
            } else {
                groups.append([expression])
            }
            joinNext = false
        }
        guard !groups.isEmpty else {
            throw Self.invalid(excluded.isEmpty ? "must contain a word or a number" : "must contain a term that is not excluded")
        }
        var match = groups.map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
        if !excluded.isEmpty { match = "(" + match + ") NOT (" + excluded.joined(separator: " OR ") + ")" }
        self.match = match
    }

    /// The terms of `text`, `nil` standing for `OR`.
    private static func tokens(of text: String) throws(ProjectionsError) -> [Term?] {
        var tokens: [Term?] = []
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first {
            if first.properties.isWhitespace {
                scalars = scalars.dropFirst()
                continue
            }
            var isExcluded = false
            if first == "-", let next = scalars.dropFirst().first, !next.properties.isWhitespace, !("0"..."9").contains(next) {
                isExcluded = true
                scalars = scalars.dropFirst()
            }
            if scalars.first == "\"" {
                guard let end = scalars.dropFirst().firstIndex(of: "\"") else { throw invalid("has a quote that is not closed") }
                let phrase = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<end]))
                scalars = scalars[scalars.index(after: end)...]
                let isPrefix = scalars.first == "*"
                if isPrefix { scalars = scalars.dropFirst() }
                tokens.append(Term(text: phrase, isPhrase: true, isPrefix: isPrefix, isExcluded: isExcluded))
            } else {
                let end = scalars.firstIndex { $0.properties.isWhitespace || $0 == "\"" } ?? scalars.endIndex
                var word = String(String.UnicodeScalarView(scalars[..<end]))
                scalars = scalars[end...]
                if word == "OR", !isExcluded {
                    tokens.append(nil)
                    continue
                }
                let isPrefix = word.count > 1 && word.hasSuffix("*")
                if isPrefix { word.removeLast() }
                tokens.append(Term(text: word, isPhrase: false, isPrefix: isPrefix, isExcluded: isExcluded))
            }
            guard tokens.count <= maximumTerms else { throw invalid("has more than \(maximumTerms) terms") }
        }
        return tokens
    }

    /// The FTS5 expression of one term, `nil` when it holds nothing searchable.
    private static func expression(of term: Term, prefix: Bool) -> String? {
        guard term.text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else {
            return nil
        }
        if !term.isPhrase, let digits = SearchDocument.phoneDigits(of: term.text) {
            return "(numbers : \"\(digits)\"* OR \"\(digits)\"\(term.isPrefix || prefix ? "*" : ""))"
        }
        let quoted = "\"" + term.text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return quoted + (term.isPrefix || (prefix && !term.isPhrase) ? "*" : "")
    }

    private static func invalid(_ rule: String) -> ProjectionsError {
        ProjectionsError(code: .invalidArgument, message: "q \(rule)", field: "q")
    }
}
