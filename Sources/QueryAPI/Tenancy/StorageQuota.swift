import EventLog
import Foundation
import HTTPTypes
import Ingest
import Synchronization

/// Refuses a tenant's writes while its files hold its quota or more (`507`, nothing
/// stored). The size is measured at most once a second, so the writes of that second may go
/// past the quota; reads, and erasures that free room, go on.
final class StorageQuota: AcknowledgementGate {
    private let layout: StoreLayout
    private let limits: WatchedFile<TenantLimits>
    private let measured = Mutex<(bytes: Int64, at: ContinuousClock.Instant)?>(nil)
    private static let measureInterval = Duration.seconds(1)

    init(layout: StoreLayout, limits: WatchedFile<TenantLimits>) {
        self.layout = layout
        self.limits = limits
    }

    func admit() throws {
        guard let quota = limits.current.maximumBytes else { return }
        let used = bytesUsed()
        guard used >= quota else { return }
        throw Problem(
            status: .init(code: 507, reasonPhrase: "Insufficient Storage"), title: "Over quota",
            detail:
                "This tenant's files hold \(used.formatted()) bytes, its quota is \(quota.formatted()); nothing was stored. Erase data or ask the operator to raise the quota."
        )
    }

    func acknowledge(through position: LogPosition) async throws {}

    private func bytesUsed() -> Int64 {
        let now = ContinuousClock.now
        if let measured = measured.withLock({ $0 }), now - measured.at < Self.measureInterval { return measured.bytes }
        let bytes = StoreTenants(root: layout.root).bytes(of: layout.tenant)
        measured.withLock { $0 = (bytes, now) }
        return bytes
    }
}
