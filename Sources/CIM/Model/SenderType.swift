/// Who sent a message. Open: senders outside the documented list (the IVR guide sends
/// `IVR`) are kept as sent.
public struct SenderType: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The type as sent, upper-cased.
    public let rawValue: String

    /// Wraps a type, upper-casing it so that `agent` and `AGENT` are one type.
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    public static let agent = SenderType(rawValue: "AGENT")
    public static let bot = SenderType(rawValue: "BOT")
    public static let customer = SenderType(rawValue: "CUSTOMER")
    public static let app = SenderType(rawValue: "APP")
    public static let connector = SenderType(rawValue: "CONNECTOR")
    public static let system = SenderType(rawValue: "SYSTEM")
    public static let ivr = SenderType(rawValue: "IVR")

    public var description: String { rawValue }
}
