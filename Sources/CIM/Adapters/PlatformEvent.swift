/// What an adapter makes of one event a contact-center platform delivers: an activity to
/// store, or an event that is not contact-center activity (a typing indicator, a presence
/// change, a topic the store does not keep), acknowledged and not stored, so that the platform
/// does not retry it.
public enum PlatformEvent: Sendable, Hashable {
    /// An activity: the platform's own event id, and the CIM message it becomes.
    case activity(eventID: String, message: AdaptedMessage)
    /// Not stored: the platform's event id (if it has one), its type, and why.
    case ignored(eventID: String?, type: String, reason: String)

    /// The platform's id of the event.
    public var eventID: String? {
        switch self {
        case .activity(let id, _): id
        case .ignored(let id, _, _): id
        }
    }
}

/// Turns a platform's webhook deliveries into activities, the way the 8x8 and CCAI adapters
/// do: decode, then a CIM message that goes through the same validation, log and projections.
public protocol PlatformAdapter: Sendable {
    /// The platform's name in URLs, message ids and service identifiers: `chatwoot`.
    static var platform: String { get }

    /// The events of one delivery, in order.
    ///
    /// - Throws: ``CIMError`` naming every invalid field; nothing of the delivery is stored.
    func events(in delivery: [UInt8]) throws(CIMError) -> [PlatformEvent]
}
