import Foundation
import Synchronization

/// A value read from a file, and read again when the file changes (its modification date
/// looked at no more than once a second), so that a command's edit takes effect on a running
/// server: the credentials of a tenant, its limits.
final class WatchedFile<Value: Sendable>: Sendable {
    private struct Read {
        var value: Value
        var modified: Date?
        var lookedAt: ContinuousClock.Instant
    }

    private let path: String
    private let load: @Sendable (String) -> Value
    private let read: Mutex<Read>
    private static var lookInterval: Duration { .seconds(1) }

    /// The value `load` makes of the file at `path` (which need not exist), read now.
    init(path: String, load: @escaping @Sendable (String) -> Value) {
        self.path = path
        self.load = load
        read = Mutex(Read(value: load(path), modified: Self.modificationDate(of: path), lookedAt: .now))
    }

    /// The value, as of the file's last change seen.
    var current: Value {
        let now = ContinuousClock.now
        return read.withLock { read in
            guard now - read.lookedAt >= Self.lookInterval else { return read.value }
            read.lookedAt = now
            let modified = Self.modificationDate(of: path)
            if modified != read.modified {
                read.modified = modified
                read.value = load(path)
            }
            return read.value
        }
    }

    private static func modificationDate(of path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
