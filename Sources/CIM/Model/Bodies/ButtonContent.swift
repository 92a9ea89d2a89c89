/// A `BUTTON` body: a prompt with buttons or quick replies.
public struct ButtonContent: Sendable, Hashable {
    /// One button.
    public struct Button: Sendable, Hashable {
        /// `title` (required).
        public var title: String
        /// `payload` (required).
        public var payload: String
        /// `type` (required).
        public var type: String

        /// Creates a button.
        public init(title: String, payload: String, type: String) {
            self.title = title
            self.payload = payload
            self.type = type
        }
    }

    /// `buttonMessageType`: `BUTTON` or `QUICK_REPLIES`.
    public var buttonMessageType: String?
    /// `buttons`.
    public var buttons: [Button]

    /// Creates button content.
    public init(buttonMessageType: String? = nil, buttons: [Button]) {
        self.buttonMessageType = buttonMessageType
        self.buttons = buttons
    }
}
