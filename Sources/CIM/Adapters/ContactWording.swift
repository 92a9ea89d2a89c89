/// How the history names a platform's contact in its lines: `Inbound call`, `Chat`,
/// `customer disconnect`.
struct ContactWording {
    /// What the contact is: `call`, `chat`, `e-mail`, …
    let kind: String
    /// `Inbound call`, `Outbound chat`, `Transferred call`; the kind alone (`Call`) when the
    /// direction is not known.
    let subject: String

    /// The wording of a contact of `channel` (a platform's VOICE, CHAT, TASK, EMAIL, CALLBACK,
    /// MESSAGE, in any case) that came in `direction` (INBOUND, OUTBOUND, CALLBACK, TRANSFER,
    /// QUEUE_TRANSFER).
    init(channel: String, direction: String?) {
        let kind =
            switch channel.uppercased() {
            case "VOICE": "call"
            case "CALLBACK": "callback"
            case "CHAT": "chat"
            case "MESSAGE": "message conversation"
            case "TASK": "task"
            case "EMAIL": "e-mail"
            case let other: other.isEmpty ? "contact" : other.lowercased()
            }
        self.kind = kind
        let way: String? =
            switch direction?.uppercased() {
            case "INBOUND"?: "Inbound"
            case "OUTBOUND"?, "CALLBACK"?: "Outbound"
            case "TRANSFER"?, "QUEUE_TRANSFER"?: "Transferred"
            default: nil
            }
        subject = way.map { "\($0) \(kind)" } ?? kind.prefix(1).uppercased() + kind.dropFirst()
    }

    /// The kind with a capital: `Call`.
    var capitalized: String { kind.prefix(1).uppercased() + kind.dropFirst() }

    /// A platform's constant as words: `CUSTOMER_DISCONNECT` is `customer disconnect`.
    static func words(_ constant: String) -> String {
        constant.lowercased().split(separator: "_").joined(separator: " ")
    }
}
