public import CIM
public import EventLog
import Synchronization

/// Messages the ingest path has just decoded, by log position, handed to the projections so
/// that they need not parse the same bytes again from the log.
///
/// Only an optimization: the projections decode from the log whatever they do not find here
/// (a message appended by another process, or read before its ingest handed it over), and
/// the set is bounded: when the projections trail by more than `capacity` messages, newer
/// ones are not kept.
public final class DecodedMessages: Sendable {
    private struct State {
        var messages: [LogPosition: CIMMessage] = [:]
        /// The projections are past this position: nothing at or before it is kept.
        var passed = LogPosition.start
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// Creates an empty set holding at most `capacity` messages. The default is above twice
    /// `ReadModelPacing.defaultLimit` (8,000), so that under paced ingest the projections never parse
    /// a message again (with 4,096, the paced batch route's rate was ~10 % lower: the runner
    /// decoded what did not fit, on the threads the ingest parses on). Paced, it holds at
    /// most the limit's worth (~3 KB a message); unpaced, at most 16,384.
    public init(capacity: Int = 16384) {
        self.capacity = capacity
    }

    /// Hands over `message`, just appended at `position`. It must be what decoding the
    /// logged bytes as a CIM message gives.
    public func keep(_ message: CIMMessage, at position: LogPosition) {
        state.withLock { state in
            guard position > state.passed, state.messages.count < capacity else { return }
            state.messages[position] = message
        }
    }

    /// Takes the message kept for `position`, if any.
    func take(_ position: LogPosition) -> CIMMessage? {
        state.withLock { $0.messages.removeValue(forKey: position) }
    }

    /// Forgets messages at or before `position`, and keeps none from then on: the
    /// projections have applied them, or read them before they were kept.
    func discard(through position: LogPosition) {
        state.withLock { state in
            state.passed = max(state.passed, position)
            guard !state.messages.isEmpty else { return }
            state.messages = state.messages.filter { $0.key > position }
        }
    }

    /// How many messages are held.
    var count: Int { state.withLock { $0.messages.count } }
}
