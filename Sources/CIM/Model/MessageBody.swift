/// The body of a CIM message: its type, its optional markdown text and its typed content.
public struct MessageBody: Sendable, Hashable {
    /// `body.type` as sent.
    public var type: BodyType
    /// `body.markdownText`, which every body type may carry; decoded when the header says it
    /// is encoded (``MessageHeader/isEncoded``), the log keeping it as received.
    public var markdownText: String?
    /// The fields of the body, typed by `type`.
    public var content: BodyContent

    /// Creates a body.
    public init(type: BodyType, markdownText: String? = nil, content: BodyContent) {
        self.type = type
        self.markdownText = markdownText
        self.content = content
    }
}

/// The typed fields of a body, one case per body type the store knows.
public enum BodyContent: Sendable, Hashable {
    case plain
    case media(MediaContent)
    case sticker(StickerContent)
    case location(LocationContent)
    case contact(ContactContent)
    case url(URLContent)
    case button(ButtonContent)
    case carousel(CarouselContent)
    case wrapUp(WrapUpContent)
    case notification(NotificationContent)
    case deliveryNotification(DeliveryNotificationContent)
    case deletedNotification(DeletedNotificationContent)
    case voice(VoiceContent)
    case email(EmailContent)
    case comment(CommentContent)
    case template(TemplateContent)
    case custom(JSONValue?)
    case action(ActionContent)
    case ivrAggregatedActivity(IVRAggregatedActivity)
    /// A type the store does not know (third-party apps invent them): all fields as sent.
    case generic(JSONObject)
}
