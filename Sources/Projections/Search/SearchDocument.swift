import CIM
import EventLog

/// What the full-text index holds for one activity or one customer, in the columns of
/// `activity_search` and `customer_search`:
///
/// - `words`: what was said or done (the summary line, the full text, a wrap-up's note);
/// - `people`: names and identities (sender, customer, channel identity, customer id);
/// - `numbers`: every suffix of at least ``minimumDigits`` digits of each phone-like
///   identity, so that a prefix query on this column finds any substring of a number
///   (`5551234` in `+1 (555) 123-4567`).
///
/// Case and accents are folded by the tokenizer (`unicode61 remove_diacritics 2`). The
/// control characters ``SearchSnippet`` marks matches with are removed from indexed text,
/// so a message cannot fake a highlight.
struct SearchDocument: Equatable {
    /// The shortest digit run the `numbers` column answers for.
    static let minimumDigits = 3
    /// The fewest digits an identity needs to count as a phone number.
    static let phoneDigits = 5

    var words: String
    var people: String
    var numbers: String

    /// The document of a timeline activity.
    init(activity event: ProjectedEvent, customerNames: (first: String?, last: String?)) {
        let keys = event.recorded.routingKeys
        var words = [event.summary]
        if let message = event.message {
            var more = [message.body.markdownText]
            switch message.body.content {
            case .wrapUp(let wrapUp): more.append(wrapUp.note)
            case .media(let media): more.append(media.caption)
            case .email(let email): more.append(([email.from] + email.recipientsTo).joined(separator: " "))
            default: break
            }
            words += more.compactMap { $0 }.filter { !event.summary.contains($0) }
        }
        let sender = event.message?.header.sender
        let people = [sender?.senderName, customerNames.first, customerNames.last, keys.channelCustomerIdentifier, keys.customerID]
        self.words = Self.clean(Self.unique(words).joined(separator: "\n"))
        self.people = Self.clean(Self.unique(people.compactMap { $0 }).joined(separator: " "))
        self.numbers = Self.numberSuffixes(of: [keys.channelCustomerIdentifier].compactMap { $0 })
    }

    /// The document of a customer: names, every channel identity and the id.
    init(customerID: String, firstName: String?, lastName: String?, identities: [String]) {
        words = ""
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
        var suffixes: [Substring] = []
        for identity in identities {
            guard let digits = phoneDigits(of: identity), digits.count >= phoneDigits else { continue }
            var start = digits.startIndex
            while digits.distance(from: start, to: digits.endIndex) >= minimumDigits {
                suffixes.append(digits[start...])
                start = digits.index(after: start)
            }
        }
        return suffixes.joined(separator: " ")
    }

    private static func unique(_ texts: [String?]) -> [String] {
        var seen = Set<String>()
        return texts.compactMap { $0 }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: SearchSnippet.isMarker) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !SearchSnippet.isMarker($0) }))
    }
}
