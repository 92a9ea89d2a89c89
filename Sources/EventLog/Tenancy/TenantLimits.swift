import Foundation

/// What one tenant may use of a shared `serve`: a request rate and a storage quota, kept in
/// the tenant's `tenant.json` and read again by a running `serve` when it changes. Nothing
/// set is no limit.
public struct TenantLimits: Sendable, Hashable, Codable {
    /// Requests a second the tenant may make, all credentials together.
    public var requestsPerSecond: Double?
    /// Requests it may make at once after a quiet spell (default: one second's worth).
    public var burst: Int?
    /// The most bytes its files may hold; past it, writes are refused (`507`).
    public var maximumBytes: Int64?

    /// Limits; none by default.
    public init(requestsPerSecond: Double? = nil, burst: Int? = nil, maximumBytes: Int64? = nil) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.maximumBytes = maximumBytes
    }

    /// The limits of the tenant at `layout`; none when it has no `tenant.json`.
    ///
    /// - Throws: ``TenantError`` `fileSystem` when the file cannot be read.
    public static func load(_ layout: StoreLayout) throws(TenantError) -> TenantLimits {
        guard FileManager.default.fileExists(atPath: layout.tenantLimitsFile) else { return TenantLimits() }
        do {
            return try JSONDecoder().decode(TenantLimits.self, from: Data(contentsOf: URL(fileURLWithPath: layout.tenantLimitsFile)))
        } catch {
            throw TenantError(code: .fileSystem, message: "cannot read \(layout.tenantLimitsFile): \(error)")
        }
    }

    /// Checks that each limit set is a positive number.
    ///
    /// - Throws: ``TenantError`` `invalidLimits`, naming the limit.
    public func validate() throws(TenantError) {
        if let requestsPerSecond, !(requestsPerSecond > 0 && requestsPerSecond.isFinite) {
            throw TenantError(code: .invalidLimits, message: "the rate must be above 0 requests a second")
        }
        if let burst, burst < 1 { throw TenantError(code: .invalidLimits, message: "the burst must be at least 1") }
        if let maximumBytes, maximumBytes < 1 { throw TenantError(code: .invalidLimits, message: "the quota must be at least 1 byte") }
    }

    /// Writes the limits of the tenant at `layout` (atomically, owner-only).
    ///
    /// - Throws: ``TenantError`` `invalidLimits` (see ``validate()``), `fileSystem`.
    public func save(_ layout: StoreLayout) throws(TenantError) {
        try validate()
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(self).write(to: URL(fileURLWithPath: layout.tenantLimitsFile), options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: layout.tenantLimitsFile)
        } catch {
            throw TenantError(code: .fileSystem, message: "cannot write \(layout.tenantLimitsFile): \(error)")
        }
    }

    /// `rate 200/s (burst 400), quota 1,000,000 bytes`, or `no limits`.
    public var description: String {
        var parts: [String] = []
        if let requestsPerSecond {
            parts.append("rate \(requestsPerSecond.formatted())/s" + (burst.map { " (burst \($0))" } ?? ""))
        }
        if let maximumBytes { parts.append("quota \(maximumBytes.formatted()) bytes") }
        return parts.isEmpty ? "no limits" : parts.joined(separator: ", ")
    }
}
