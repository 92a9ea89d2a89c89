public import CIM
public import EventLog

/// What the 8x8 webhook path needs to know of a voice session before it appends: the read
/// side of the store, passed in by the wiring (the write path itself names no read model).
public protocol VoiceSessionLookup: Sendable {
    /// The customer the session already belongs to, as far as the read models have applied
    /// the log, without waiting for them; `nil` for a session they do not know.
    func caller(ofSession sessionID: String) async throws -> VoiceCaller?

    /// The digits callers pressed in the session, in order, once the read models have applied
    /// the log through `position`; `nil` when they do not within the allowed wait.
    func keypadInputs(ofSession sessionID: String, appliedThrough position: LogPosition) async throws -> [VoiceKeypadInput]?
}
