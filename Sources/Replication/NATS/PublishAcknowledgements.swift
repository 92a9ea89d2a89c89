import CNATS
import EventLog
import Synchronization

/// The stream's answers to asynchronously published records: the client calls
/// ``receive(message:acknowledgement:failure:)`` on its own thread for each message.
///
/// A record acknowledged at the sequence equal to its position moves ``replicated`` up to
/// that position: the stream took it only because its last sequence was the position before
/// (the expected last sequence), so every earlier record is in the stream too. Any other
/// answer (a refusal, another sequence) is kept as the first failure, which the publisher
/// reconciles.
final class PublishAcknowledgements: Sendable {
    /// The most records in flight at once.
    static let maximumPending = 8192

    /// The last position the stream is known to hold; waiters of the write path sleep on it.
    let replicated = PositionNotifier(position: .start)

    private struct State {
        var failure: String?
        var lastAcknowledgement = ContinuousClock.now
    }

    private let state = Mutex(State())

    /// The first failure since the last ``reset(to:)``, if any.
    var failure: String? { state.withLock { $0.failure } }

    /// When the last acknowledgement arrived (or the last reset happened).
    var lastAcknowledgement: ContinuousClock.Instant { state.withLock { $0.lastAcknowledgement } }

    /// Starts over after a reconciliation: the stream holds everything up to `position`.
    func reset(to position: LogPosition) {
        state.withLock {
            $0.failure = nil
            $0.lastAcknowledgement = .now
        }
        replicated.publish(position)
    }

    /// Starts measuring the wait for acknowledgements from now: records are sent while none
    /// was waiting for one.
    func startWaiting() {
        state.withLock { $0.lastAcknowledgement = .now }
    }

    func receive(message: OpaquePointer?, acknowledgement: UnsafeMutablePointer<jsPubAck>?, failure: UnsafeMutablePointer<jsPubAckErr>?) {
        let position = message.flatMap(Self.position(of:))
        if let failure {
            let text = failure.pointee.ErrText.map { String(cString: $0) } ?? String(cString: natsStatus_GetText(failure.pointee.Err))
            fail("the stream refused record \(position.map { "\($0)" } ?? "?"): \(text)")
        } else if let acknowledgement {
            let sequence = acknowledgement.pointee.Sequence
            guard let position, position.rawValue == sequence else {
                fail("the stream stored record \(position.map { "\($0)" } ?? "?") at sequence \(sequence)")
                return
            }
            state.withLock { $0.lastAcknowledgement = .now }
            if position > replicated.position { replicated.publish(position) }
        }
    }

    private func fail(_ reason: String) {
        state.withLock { state in
            if state.failure == nil { state.failure = reason }
        }
    }

    /// The position named by a published message's id (`<store id>:<position>`).
    private static func position(of message: OpaquePointer) -> LogPosition? {
        var value: UnsafePointer<CChar>?
        guard natsMsgHeader_Get(message, "Nats-Msg-Id", &value) == NATS_OK, let value else { return nil }
        let id = String(cString: value)
        guard let separator = id.lastIndex(of: ":"), let number = UInt64(id[id.index(after: separator)...]) else { return nil }
        return LogPosition(number)
    }
}
