import ArgumentParser
import EventLog
import Foundation

/// The options of every command that works on one tenant of a store: where the store lives,
/// and which tenant.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store's data directory (serve, import and demo create it if missing).", valueName: "dir"))
    var data: String = "./data"

    @Option(
        help: ArgumentHelp(
            "The tenant (see `cxstore tenants`); a tenant other than default must have been added first.", valueName: "name"))
    var tenant: String = TenantName.default.rawValue

    /// The tenant's name; valid once ``validate()`` has passed.
    var tenantName: TenantName { TenantName(tenant) ?? .default }

    var layout: StoreLayout { StoreLayout(root: data, tenant: tenantName) }

    /// Refuses a tenant name that is not a DNS label, or a tenant that was never added, having
    /// created nothing.
    func validate() throws {
        do {
            _ = try StoreTenants(root: data).existing(try TenantName.parse(tenant))
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Refuses to go on unless `--data` holds a store, for the commands that read or maintain
    /// one: a mistyped path must fail loudly, not be given a new empty store and an all-clear.
    ///
    /// - Throws: ``MissingStore`` (exit status 1), having created nothing.
    func requireStore() throws {
        guard FileManager.default.fileExists(atPath: layout.logDataFile) else { throw MissingStore(layout: layout, part: .log) }
    }

    /// Like ``requireStore()``, and the read models must have been built once too.
    func requireReadModels() throws {
        try requireStore()
        guard FileManager.default.fileExists(atPath: layout.projectionsLink) else { throw MissingStore(layout: layout, part: .readModels) }
    }

    /// Like ``requireStore()``, but a directory that holds only credentials (added before the
    /// first `serve`, so that it may listen beyond loopback) is a store too.
    func requireStoreOrCredentials() throws {
        guard !FileManager.default.fileExists(atPath: layout.credentialsFile) else { return }
        try requireStore()
    }
}

/// A command that needs an existing store was pointed at a directory without one.
struct MissingStore: Error, CustomStringConvertible {
    /// What is missing.
    enum Part {
        case log, readModels
    }

    let layout: StoreLayout
    let part: Part

    var description: String {
        switch part {
        case .log:
            return "no store at \(layout.dataDirectory) (no event log in \(layout.logDirectory)); check --data. "
                + "Only serve, import and demo create a store; nothing was created."
        case .readModels:
            return "the store at \(layout.dataDirectory) has no read models yet (\(layout.projectionsLink)); "
                + "run `cxstore serve` or `cxstore rebuild` once to build them."
        }
    }
}
