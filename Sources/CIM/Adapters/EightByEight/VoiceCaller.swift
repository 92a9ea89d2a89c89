/// The customer a session belongs to, as its first stored activity named them: every later
/// leg of the session (an agent's number the IVR bridged the call to) is theirs too.
public struct VoiceCaller: Sendable, Hashable {
    /// The customer's number.
    public var number: String
    /// The virtual number they called or were called from.
    public var virtualNumber: String?

    /// Creates a caller.
    public init(number: String, virtualNumber: String?) {
        self.number = number
        self.virtualNumber = virtualNumber
    }
}
