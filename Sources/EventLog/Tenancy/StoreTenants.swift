import Foundation

/// The tenants of a store on disk: the default one (the data directory itself) and one
/// directory each under `DIR/tenants/`. Adding makes the directory; the parts inside it are
/// made by whatever opens the tenant first (`serve`, `import`, `credentials add`).
public struct StoreTenants: Sendable {
    /// The store's data directory.
    public let root: String

    /// The tenants of the store whose data directory is `root`.
    public init(root: String) {
        self.root = root
    }

    /// Every tenant, the default one first, then by name.
    public func list() -> [TenantName] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: StoreLayout.tenantsDirectory(of: root))) ?? []
        return [.default] + names.compactMap { TenantName($0) }.filter { $0 != .default && exists($0) }.sorted()
    }

    /// Whether `tenant` exists: the default one always does.
    public func exists(_ tenant: TenantName) -> Bool {
        guard tenant != .default else { return true }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: layout(of: tenant).dataDirectory, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Where `tenant`'s parts live.
    public func layout(of tenant: TenantName) -> StoreLayout {
        StoreLayout(root: root, tenant: tenant)
    }

    /// The layout of an existing tenant.
    ///
    /// - Throws: ``TenantError`` `unknownTenant`.
    public func existing(_ tenant: TenantName) throws(TenantError) -> StoreLayout {
        guard exists(tenant) else {
            throw TenantError(
                code: .unknownTenant, message: "no tenant \"\(tenant)\" in \(root); add it with `cxstore tenants add --data \(root) \(tenant)`")
        }
        return layout(of: tenant)
    }

    /// The bytes of `tenant`'s files (the default tenant's without the other tenants').
    public func bytes(of tenant: TenantName) -> Int64 {
        let layout = layout(of: tenant)
        let manager = FileManager.default
        guard let files = manager.enumerator(atPath: layout.dataDirectory) else { return 0 }
        var total: Int64 = 0
        while let file = files.nextObject() as? String {
            if tenant == .default, file == "tenants" {
                files.skipDescendants()
                continue
            }
            let attributes = try? manager.attributesOfItem(atPath: layout.dataDirectory + "/" + file)
            if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int64) ?? 0 }
        }
        return total
    }

    /// Adds `tenant`: makes its directory, owner-only.
    ///
    /// - Throws: ``TenantError`` `tenantExists` (the default one always does), `fileSystem`.
    @discardableResult
    public func add(_ tenant: TenantName) throws(TenantError) -> StoreLayout {
        guard !exists(tenant) else { throw TenantError(code: .tenantExists, message: "tenant \"\(tenant)\" exists already in \(root)") }
        let layout = layout(of: tenant)
        do {
            try FileManager.default.createDirectory(
                atPath: StoreLayout.tenantsDirectory(of: root), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try FileManager.default.createDirectory(
                atPath: layout.dataDirectory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw TenantError(code: .fileSystem, message: "cannot make \(layout.dataDirectory): \(error)")
        }
        return layout
    }

    /// Removes `tenant` and every file of it, and checks that none is left. The directory is
    /// first renamed out of the tenants' folder, so the tenant is gone at once for a running
    /// `serve` (which closes it) and for every command, before its files are deleted.
    ///
    /// Returns the number of files deleted.
    ///
    /// - Throws: ``TenantError`` `defaultTenant`, `unknownTenant`, `fileSystem` (then some
    ///   files may be left, in the directory the message names).
    @discardableResult
    public func remove(_ tenant: TenantName) throws(TenantError) -> Int {
        guard tenant != .default else {
            throw TenantError(code: .defaultTenant, message: "the default tenant is the store's directory itself; it cannot be removed")
        }
        let layout = try existing(tenant)
        let doomed = StoreLayout.tenantsDirectory(of: root) + "/.removing-" + tenant.rawValue + "-" + UUID().uuidString.lowercased()
        let manager = FileManager.default
        do {
            try manager.moveItem(atPath: layout.dataDirectory, toPath: doomed)
        } catch {
            throw TenantError(code: .fileSystem, message: "cannot move \(layout.dataDirectory) aside: \(error)")
        }
        let files = (manager.enumerator(atPath: doomed)?.allObjects.count) ?? 0
        do {
            try manager.removeItem(atPath: doomed)
        } catch {
            throw TenantError(code: .fileSystem, message: "cannot delete \(doomed): \(error)")
        }
        guard !manager.fileExists(atPath: doomed), !manager.fileExists(atPath: layout.dataDirectory) else {
            throw TenantError(code: .fileSystem, message: "files of tenant \"\(tenant)\" are left in \(doomed)")
        }
        return files
    }
}
