import Synchronization

/// A position that only moves forward, and the tasks waiting for it to pass a point.
///
/// The log's writer publishes its head once per committed batch; the projector publishes
/// the position it has applied. Waiters sleep on continuations; nothing polls.
public final class PositionNotifier: Sendable {
    private struct Waiter {
        let position: LogPosition
        let continuation: CheckedContinuation<LogPosition, Never>
    }

    private struct State {
        var head: LogPosition
        var closed = false
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let state: Mutex<State>

    /// Creates a notifier starting at `position`.
    public init(position: LogPosition) {
        state = Mutex(State(head: position))
    }

    /// The position published last.
    public var position: LogPosition { state.withLock { $0.head } }

    /// Publishes a new position and resumes every waiter it satisfies.
    public func publish(_ head: LogPosition) {
        let ready: [CheckedContinuation<LogPosition, Never>] = state.withLock { state in
            state.head = head
            let satisfied = state.waiters.filter { $0.value.position < head }
            for id in satisfied.keys { state.waiters[id] = nil }
            return satisfied.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: head) }
    }

    /// Resumes every waiter and makes later waits return at once.
    public func close() {
        let all: [(CheckedContinuation<LogPosition, Never>, LogPosition)] = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return state.waiters.values.map { ($0.continuation, state.head) }
        }
        for (continuation, head) in all { continuation.resume(returning: head) }
    }

    /// Waits until the published position is past `position` and returns it; returns the
    /// current position early when the task is cancelled or the notifier is closed.
    public func wait(beyond position: LogPosition) async -> LogPosition {
        let id: Int? = state.withLock { state in
            if state.head > position || state.closed { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return self.position }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: LogPosition? = state.withLock { state in
                    if state.head > position || state.closed || Task.isCancelled { return state.head }
                    state.waiters[id] = Waiter(position: position, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let cancelled: (CheckedContinuation<LogPosition, Never>, LogPosition)? = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else { return nil }
                return (waiter.continuation, state.head)
            }
            if let (continuation, head) = cancelled { continuation.resume(returning: head) }
        }
    }
}
