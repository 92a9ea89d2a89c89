/// A `WRAPUP` body: the categories an agent applied when closing a conversation.
public struct WrapUpContent: Sendable, Hashable {
    /// One applied wrap-up.
    public struct WrapUp: Sendable, Hashable {
        /// `categoryName`.
        public var categoryName: String?
        /// `value` (required).
        public var value: String

        /// Creates a wrap-up.
        public init(categoryName: String? = nil, value: String) {
            self.categoryName = categoryName
            self.value = value
        }
    }

    /// `wrapups` (required).
    public var wrapUps: [WrapUp]
    /// `note`.
    public var note: String?

    /// Creates wrap-up content.
    public init(wrapUps: [WrapUp], note: String? = nil) {
        self.wrapUps = wrapUps
        self.note = note
    }
}
