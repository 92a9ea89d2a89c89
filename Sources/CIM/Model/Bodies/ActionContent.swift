/// An `ACTION` body: an instruction such as `END_CONVERSATION`.
public struct ActionContent: Sendable, Hashable {
    /// `name` (required).
    public var name: String
    /// `data`, kept as sent.
    public var data: JSONValue?

    /// Creates action content.
    public init(name: String, data: JSONValue? = nil) {
        self.name = name
        self.data = data
    }
}
