import CNATS
import EventLog
import Synchronization

/// Collects the stream's answers to asynchronously published records: the client calls
/// ``receive(message:acknowledgement:failure:)`` on its own thread for each message.
///
/// A record counts as replicated only when the stream acknowledged it at the sequence equal
/// to its position; any other answer (a refusal, a different sequence) is a failure.
final class PublishAcknowledgements: Sendable {
    /// The most records in flight at once.
    static let maximumPending = 4096

    /// One record the stream did not take at its position.
    struct Failure: Sendable {
        let position: LogPosition?
        let errorCode: Int
        let text: String
    }

    private struct State {
        var acknowledged = 0
        var failures: [Failure] = []
    }

    private let state = Mutex(State())

    /// Forgets earlier answers before a new batch.
    func reset() {
        state.withLock { $0 = State() }
    }

    /// The answers since the last ``reset()``.
    var outcome: (acknowledged: Int, failures: [Failure]) {
        state.withLock { ($0.acknowledged, $0.failures) }
    }

    func receive(message: OpaquePointer?, acknowledgement: UnsafeMutablePointer<jsPubAck>?, failure: UnsafeMutablePointer<jsPubAckErr>?) {
        let position = message.flatMap(Self.position(of:))
        if let failure {
            let text = failure.pointee.ErrText.map { String(cString: $0) } ?? String(cString: natsStatus_GetText(failure.pointee.Err))
            state.withLock { $0.failures.append(Failure(position: position, errorCode: Int(failure.pointee.ErrCode.rawValue), text: text)) }
        } else if let acknowledgement {
            let sequence = acknowledgement.pointee.Sequence
            if let position, position.rawValue == sequence {
                state.withLock { $0.acknowledged += 1 }
            } else {
                state.withLock {
                    $0.failures.append(
                        Failure(
                            position: position, errorCode: 0,
                            text: "the stream stored record \(position.map { "\($0)" } ?? "?") at sequence \(sequence)"))
                }
            }
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
