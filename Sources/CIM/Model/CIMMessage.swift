/// A CIM message as the store understands it: id, header and typed body.
///
/// The bytes the sender posted are stored verbatim next to this model; the model is what
/// validation and normalization reason about.
public struct CIMMessage: Sendable, Hashable {
    /// `id`: the idempotency key.
    public var id: MessageID
    /// `header`.
    public var header: MessageHeader
    /// `body`.
    public var body: MessageBody

    /// Creates a message.
    public init(id: MessageID, header: MessageHeader, body: MessageBody) {
        self.id = id
        self.header = header
        self.body = body
    }
}
