/// A `TEMPLATE` body: a pre-approved message template (WhatsApp and similar).
public struct TemplateContent: Sendable, Hashable {
    /// `namespace` (required).
    public var namespace: String
    /// `name` (required).
    public var name: String
    /// `language`, kept as sent.
    public var language: JSONValue?

    /// Creates template content.
    public init(namespace: String, name: String, language: JSONValue? = nil) {
        self.namespace = namespace
        self.name = name
        self.language = language
    }
}
