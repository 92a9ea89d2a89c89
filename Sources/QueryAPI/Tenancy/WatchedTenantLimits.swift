import EventLog
import Foundation
import Synchronization

/// Each tenant's limits as its `tenant.json` says, read again when the file changes (looked
/// at no more than once a second), so that `cxstore tenants limit` takes effect on a running
/// server.
final class WatchedTenantLimits: Sendable {
    private struct Entry {
        var limits: TenantLimits
        var modified: Date?
        var lookedAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private static let lookInterval = Duration.seconds(1)

    /// The limits of the tenant at `layout`; none while its file cannot be read (and says so
    /// in the operator's log once, through the registry's open).
    func limits(of layout: StoreLayout) -> TenantLimits {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            if let entry = entries[layout.dataDirectory], now - entry.lookedAt < Self.lookInterval { return entry.limits }
            let modified = Self.modificationDate(of: layout.tenantLimitsFile)
            if var entry = entries[layout.dataDirectory], entry.modified == modified {
                entry.lookedAt = now
                entries[layout.dataDirectory] = entry
                return entry.limits
            }
            let limits = (try? TenantLimits.load(layout)) ?? TenantLimits()
            entries[layout.dataDirectory] = Entry(limits: limits, modified: modified, lookedAt: now)
            return limits
        }
    }

    private static func modificationDate(of path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
