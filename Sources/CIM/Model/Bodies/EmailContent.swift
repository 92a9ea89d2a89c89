/// An `EMAIL` body.
public struct EmailContent: Sendable, Hashable {
    /// `from` (required).
    public var from: String
    /// `replyTo` (required; may be empty).
    public var replyTo: [String]
    /// `receivingDate` (required).
    public var receivingDate: Timestamp
    /// `subject`.
    public var subject: String?
    /// `recipientsTo`.
    public var recipientsTo: [String]
    /// The number of `attachments`.
    public var attachmentCount: Int

    /// Creates email content.
    public init(
        from: String, replyTo: [String], receivingDate: Timestamp, subject: String? = nil, recipientsTo: [String] = [], attachmentCount: Int = 0
    ) {
        self.from = from
        self.replyTo = replyTo
        self.receivingDate = receivingDate
        self.subject = subject
        self.recipientsTo = recipientsTo
        self.attachmentCount = attachmentCount
    }
}
