/// A customer's address as platforms write it, made into the channel identity every channel
/// shares, so that the same person is one customer whichever platform they came through: a
/// phone number as E.164 (`tel:+1 (317) 555-0100`, `whatsapp:+13175550100` and
/// `sip:+13175550100@pbx` are all `+13175550100`), an e-mail address in lower case.
public enum ContactAddress {
    /// The E.164 number in `raw`, or `nil` when it holds no number (a client name, an
    /// anonymous caller, digits of another script). A number without a leading `+` keeps its
    /// digits as given.
    public static func phone(_ raw: String) -> String? {
        var text = Substring(raw.trimmingSpaces)
        for scheme in ["tel:", "whatsapp:", "sip:", "sips:", "sms:", "mms:"] where text.lowercased().hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
            break
        }
        if let at = text.firstIndex(of: "@") { text = text[..<at] }
        if let parameters = text.firstIndex(of: ";") { text = text[..<parameters] }
        let plus = text.first == "+"
        guard text.allSatisfy({ ("0"..."9").contains($0) || " ()-.+".contains($0) }) else { return nil }
        let digits = text.filter { ("0"..."9").contains($0) }
        guard digits.count >= 3 else { return nil }
        return (plus ? "+" : "") + digits
    }

    /// The e-mail address in `raw` (`mailto:` stripped), lower-cased; `nil` when it is not one.
    public static func email(_ raw: String) -> String? {
        var text = Substring(raw.trimmingSpaces)
        if text.lowercased().hasPrefix("mailto:") { text = text.dropFirst(7) }
        guard let at = text.firstIndex(of: "@"), at > text.startIndex, text[text.index(after: at)...].contains("."), !text.contains(" ")
        else { return nil }
        return text.lowercased()
    }

    /// The identity `raw` stands for: an e-mail, else a phone number, else `nil`.
    public static func identity(_ raw: String?) -> String? {
        guard let raw, !raw.isBlank else { return nil }
        if !raw.lowercased().hasPrefix("sip"), let email = email(raw) { return email }
        return phone(raw)
    }
}
