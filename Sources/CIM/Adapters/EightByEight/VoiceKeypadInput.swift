/// Digits a caller pressed during a session, as stored from a call-action webhook: the
/// menu activities of the session's IVR journey.
public struct VoiceKeypadInput: Sendable, Hashable {
    /// The digits.
    public var digits: String
    /// The `clientActionId` of the menu that asked, when the IVR backend set one.
    public var menu: String?
    /// When they were pressed.
    public var pressedAt: Timestamp?

    /// Creates a keypad input.
    public init(digits: String, menu: String?, pressedAt: Timestamp?) {
        self.digits = digits
        self.menu = menu
        self.pressedAt = pressedAt
    }
}
