public import EventLog

/// What must hold, besides the local sync, before the write path accepts a write and before
/// it acknowledges one. The wiring supplies it: a primary that replicates waits for the
/// stream's acknowledgement, a replica or a fenced primary refuses every write. Without a
/// gate, a write is acknowledged once it is synced locally.
///
/// Each method throws its own module's error, which the API maps to a response.
public protocol AcknowledgementGate: Sendable {
    /// Throws when this process may not take writes now; nothing has been written yet.
    func admit() throws
    /// Returns once every position up to `position` may be acknowledged, or throws when they
    /// may not be within the gate's bounded wait (the events stay in the log).
    func acknowledge(through position: LogPosition) async throws
}
