import EventLog
import Foundation
import Synchronization

/// One tenant's limits as its `tenant.json` says, read again when the file changes (looked
/// at no more than once a second), so that `cxstore tenants limit` takes effect on a running
/// server. A file that cannot be read counts as no limits.
final class TenantLimitsWatch: Sendable {
    private struct Read {
        var limits: TenantLimits
        var modified: Date?
        var lookedAt: ContinuousClock.Instant
    }

    private let layout: StoreLayout
    private let read: Mutex<Read>
    private static let lookInterval = Duration.seconds(1)

    /// The limits of the tenant at `layout`, read now.
    init(layout: StoreLayout) {
        self.layout = layout
        let modified = Self.modificationDate(of: layout.tenantLimitsFile)
        read = Mutex(Read(limits: (try? TenantLimits.load(layout)) ?? TenantLimits(), modified: modified, lookedAt: .now))
    }

    /// The tenant's limits now.
    var current: TenantLimits {
        let now = ContinuousClock.now
        return read.withLock { read in
            guard now - read.lookedAt >= Self.lookInterval else { return read.limits }
            read.lookedAt = now
            let modified = Self.modificationDate(of: layout.tenantLimitsFile)
            if modified != read.modified {
                read.modified = modified
                read.limits = (try? TenantLimits.load(layout)) ?? TenantLimits()
            }
            return read.limits
        }
    }

    private static func modificationDate(of path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
