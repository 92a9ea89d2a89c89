/// A `DELIVERYNOTIFICATION` body: the fate of an earlier message.
public struct DeliveryNotificationContent: Sendable, Hashable {
    /// The statuses a delivery notification may report.
    public static let statuses = ["DELIVERED", "READ", "CONNECTED", "FAILED"]

    /// `messageId` (required): the message this notification is about.
    public var messageID: String
    /// `status`, one of ``statuses``.
    public var status: String?
    /// `reasonCode` when it is a number or numeric string (the reference's HTTP-like codes);
    /// another value is kept in the message but not read.
    public var reasonCode: Int64?

    /// Creates delivery-notification content.
    public init(messageID: String, status: String? = nil, reasonCode: Int64? = nil) {
        self.messageID = messageID
        self.status = status
        self.reasonCode = reasonCode
    }
}
