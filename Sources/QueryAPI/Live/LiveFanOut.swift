import EventLog
import Synchronization

/// Fans one source of positioned elements out to many subscribers, each watching one key
/// (a customer, a conversation, or the whole log).
///
/// A subscriber gets every element published for its key after it subscribed, in order, and
/// a heartbeat every `heartbeatInterval`. What came before is its to read from storage:
/// ``subscribe(_:)`` says up to which position (`backfillThrough`), and the live items are the
/// ones published after it (both are read under one lock), so backfill and live items meet
/// without a gap or an overlap. A subscriber that falls `bufferLimit` items behind is
/// dropped (its stream finishes) instead of holding memory or slowing the source; it resumes
/// from its last position like any reconnecting client. The source starts with the first
/// subscriber and runs until it ends (the log or the projections close).
final class LiveFanOut<Key: Hashable & Sendable, Element: Sendable>: Sendable {
    /// What a subscriber receives.
    enum Item: Sendable {
        case element(Element)
        case heartbeat
    }

    /// One subscriber's view: the live items, and the position they start after.
    struct Subscription: Sendable {
        /// Every element up to here must be read from storage; the items carry the rest.
        let backfillThrough: LogPosition
        let items: AsyncStream<Item>
        /// Ends the items (the server is shutting down).
        let end: @Sendable () -> Void
    }

    /// Reads the source from a position on and hands each batch to ``publish(_:through:)``;
    /// returns when the source ends.
    typealias Source = @Sendable (_ after: LogPosition, _ fanOut: LiveFanOut) async -> Void

    private struct State {
        var subscribers: [Key: [Int: AsyncStream<Item>.Continuation]] = [:]
        var count = 0
        var nextID = 0
        var published: LogPosition
        var running: Task<Void, Never>?
    }

    private let bufferLimit: Int
    private let heartbeatInterval: Duration
    private let source: Source
    private let state: Mutex<State>

    init(startingAfter position: LogPosition, bufferLimit: Int, heartbeatInterval: Duration, source: @escaping Source) {
        self.bufferLimit = bufferLimit
        self.heartbeatInterval = heartbeatInterval
        self.source = source
        self.state = Mutex(State(published: position))
    }

    /// How many subscribers are attached.
    var subscriberCount: Int { state.withLock { $0.count } }

    /// Attaches a subscriber to `key`; the source starts with the first one.
    func subscribe(_ key: Key) -> Subscription {
        let (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(bufferLimit))
        let (id, published): (Int, LogPosition) = state.withLock { state in
            state.nextID += 1
            state.subscribers[key, default: [:]][state.nextID] = continuation
            state.count += 1
            if state.running == nil { state.running = start(after: state.published) }
            return (state.nextID, state.published)
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id, of: key) }
        return Subscription(backfillThrough: published, items: items, end: { continuation.finish() })
    }

    private func remove(_ id: Int, of key: Key) {
        state.withLock { state in
            guard state.subscribers[key]?.removeValue(forKey: id) != nil else { return }
            state.count -= 1
            if state.subscribers[key]?.isEmpty == true { state.subscribers[key] = nil }
        }
    }

    private func start(after position: LogPosition) -> Task<Void, Never> {
        Task { [source, heartbeatInterval] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await source(position, self) }
                group.addTask {
                    while (try? await Task.sleep(for: heartbeatInterval)) != nil { self.heartbeat() }
                }
                await group.next()
                group.cancelAll()
            }
            finishAll()
        }
    }

    /// Hands each element to the subscribers of its keys and moves the published position
    /// to `position`, under the lock ``subscribe(_:)`` reads it with; subscribers whose
    /// buffer is full are dropped.
    func publish(_ batch: [(keys: [Key], element: Element)], through position: LogPosition) {
        let dropped: [AsyncStream<Item>.Continuation] = state.withLock { state in
            state.published = max(state.published, position)
            var dropped: [AsyncStream<Item>.Continuation] = []
            for (keys, element) in batch {
                for key in keys {
                    guard let watchers = state.subscribers[key] else { continue }
                    for (id, continuation) in watchers {
                        if case .dropped = continuation.yield(.element(element)) {
                            state.subscribers[key]?.removeValue(forKey: id)
                            state.count -= 1
                            dropped.append(continuation)
                        }
                    }
                }
            }
            return dropped
        }
        for continuation in dropped { continuation.finish() }
    }

    private func heartbeat() {
        state.withLock { state in
            for watchers in state.subscribers.values {
                for continuation in watchers.values { continuation.yield(.heartbeat) }
            }
        }
    }

    /// Ends every stream (the source ended) and lets the next subscriber start it again.
    func finishAll() {
        let all = state.withLock { state in
            defer {
                state.subscribers = [:]
                state.count = 0
                state.running = nil
            }
            return state.subscribers.values.flatMap(\.values)
        }
        for continuation in all { continuation.finish() }
    }
}
