import CIM
import EventLog

/// What the full-text index holds for one activity or one customer, in the columns of
/// `activity_search` and `customer_search`:
///
/// - `words`: what was said or done (the summary line, the full text, a wrap-up's note);
/// - `people`: names and identities (sender, customer, channel identity, customer id);
/// - `numbers`: every suffix of at least ``minimumDigits`` digits of each phone-like
///   identity, so that a prefix query on this column finds any substring of a number
///   (`5551234` in `+1 (555) 123-4567`);
/// - `facets`: the activity's type and channel as single tokens (``facet(_:_:)``), so that
///   a filter on them narrows the index's matches inside FTS5 instead of row by row.
///
/// Case and accents are folded by the tokenizer (`unicode61 remove_diacritics 2`). The
/// control characters ``SearchSnippet`` marks matches with are removed from indexed text,
/// so a message cannot fake a highlight.
struct SearchDocument: Sendable {
    /// The shortest digit run the `numbers` column answers for.
    static let minimumDigits = 3
    /// The fewest digits an identity needs to count as a phone number.
    static let phoneDigits = 5

    var words: String
    var people: String
    var numbers: String
    var facets: String

    /// An empty document (an erased record, an erasure).
    init() {
        (words, people, numbers, facets) = ("", "", "", "")
    }

    /// The document of a timeline activity: made from the event alone (the names are the
    /// ones the message carries), so that it is made while decoding, off the writer.
    init(_ recorded: RecordedEvent, message: CIMMessage?, summary: String) {
        let keys = recorded.routingKeys
        var words = [summary]
        if let message {
            var more = [message.body.markdownText]
            switch message.body.content {
            case .wrapUp(let wrapUp): more.append(wrapUp.note)
            case .media(let media): more.append(media.caption)
            case .email(let email): more.append(([email.from] + email.recipientsTo).joined(separator: " "))
            default: break
            }
            // The summary often is the text, or ends with it (a note, a caption): index it once.
            for case let text? in more where !text.isEmpty && text != summary && !summary.hasSuffix(text) { words.append(text) }
        }
        let names = message?.header.customerNames
        var people: [String] = []
        for case let name? in [message?.header.sender.senderName, names?.first, names?.last, keys.channelCustomerIdentifier, keys.customerID]
        where !name.isEmpty && !people.contains(name) {
            people.append(name)
        }
        self.words = Self.clean(words.joined(separator: "\n"))
        self.people = Self.clean(people.joined(separator: " "))
        self.numbers = Self.numberSuffixes(of: [keys.channelCustomerIdentifier].compactMap { $0 })
        self.facets = [Self.facet(.type, recorded.type), keys.serviceIdentifier.map { Self.facet(.channel, $0) }].compactMap { $0 }.joined(
            separator: " ")
    }

    /// What a facet token names.
    enum Facet: String {
        case type = "t"
        case channel = "c"
    }

    /// The token of a facet value: its kind's letter and the value's letters and digits,
    /// lowercased (`THIRD_PARTY_ACTIVITY` → `tthirdpartyactivity`). Two values that differ only
    /// in punctuation share a token; the SQL filter beside it keeps the answer exact.
    static func facet(_ kind: Facet, _ value: String) -> String {
        kind.rawValue
            + String(String.UnicodeScalarView(value.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }

    /// The document of a customer: names, every channel identity and the id.
    init(customerID: String, firstName: String?, lastName: String?, identities: [String]) {
        words = ""
        facets = ""
        let identities = Self.unique(identities)
        people = Self.clean(([customerID, firstName, lastName].compactMap { $0 } + identities).joined(separator: " "))
        numbers = Self.numberSuffixes(of: identities)
    }

    /// The digits of a phone-like text (`+1 (555) 123-4567` → `15551234567`), or `nil` when
    /// it has letters or too few digits to be a number.
    static func phoneDigits(of text: some StringProtocol) -> String? {
        var digits = ""
        for character in text.unicodeScalars {
            switch character {
            case "0"..."9": digits.unicodeScalars.append(character)
            case "+", "-", "(", ")", ".", " ", "/": continue
            default: return nil
            }
        }
        return digits.count >= minimumDigits ? digits : nil
    }

    private static func numberSuffixes(of identities: [String]) -> String {
        var text: [UInt8] = []
        for identity in identities {
            guard let digits = phoneDigits(of: identity), digits.utf8.count >= phoneDigits else { continue }
            let bytes = Array(digits.utf8)
            for start in 0...(bytes.count - minimumDigits) {
                if !text.isEmpty { text.append(UInt8(ascii: " ")) }
                text.append(contentsOf: bytes[start...])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func unique(_ texts: [String]) -> [String] {
        var seen: [String] = []
        for text in texts where !text.isEmpty && !seen.contains(text) { seen.append(text) }
        return seen
    }

    private static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == SearchSnippet.open.value || $0 == SearchSnippet.close.value }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !SearchSnippet.isMarker($0) }))
    }
}
