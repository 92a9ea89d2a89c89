/// The `body.type` of a CIM message. Open: unknown types are kept as generic bodies.
public struct BodyType: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The type as sent.
    public let rawValue: String
    /// Wraps a type.
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let plain = BodyType(rawValue: "PLAIN")
    public static let image = BodyType(rawValue: "IMAGE")
    public static let video = BodyType(rawValue: "VIDEO")
    public static let audio = BodyType(rawValue: "AUDIO")
    public static let file = BodyType(rawValue: "FILE")
    public static let sticker = BodyType(rawValue: "STICKER")
    public static let location = BodyType(rawValue: "LOCATION")
    public static let contact = BodyType(rawValue: "CONTACT")
    public static let url = BodyType(rawValue: "URL")
    public static let button = BodyType(rawValue: "BUTTON")
    public static let carousel = BodyType(rawValue: "CAROUSEL")
    public static let wrapUp = BodyType(rawValue: "WRAPUP")
    public static let notification = BodyType(rawValue: "NOTIFICATION")
    public static let deliveryNotification = BodyType(rawValue: "DELIVERYNOTIFICATION")
    public static let deletedNotification = BodyType(rawValue: "DELETEDNOTIFICATION")
    public static let voice = BodyType(rawValue: "VOICE")
    public static let email = BodyType(rawValue: "EMAIL")
    public static let comment = BodyType(rawValue: "COMMENT")
    public static let template = BodyType(rawValue: "TEMPLATE")
    public static let custom = BodyType(rawValue: "CUSTOM")
    public static let action = BodyType(rawValue: "ACTION")
    public static let ivrAggregatedActivity = BodyType(rawValue: "IVR_AGGREGATED_ACTIVITY")

    public var description: String { rawValue }
}
