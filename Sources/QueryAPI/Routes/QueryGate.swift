import Synchronization

/// Bounds how many SQL queries run at once, so analysts cannot take every thread.
final class QueryGate: Sendable {
    /// Queries allowed at once.
    let capacity: Int
    private let running = Mutex(0)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Takes a place, or returns `false` when all are taken.
    func enter() -> Bool {
        running.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    /// Gives a place back.
    func leave() {
        running.withLock { $0 -= 1 }
    }
}
