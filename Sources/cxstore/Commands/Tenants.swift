import ArgumentParser
import EventLog
import Foundation

/// `cxstore tenants`: the contact centers one store serves, each in files of its own.
struct Tenants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list and remove the tenants of a store: contact centers served by one process, each in files of its own.",
        discussion: """
            The store's directory itself is the tenant "default"; every other tenant keeps its \
            log, read models, credentials and erasure ledger under DIR/tenants/NAME/, and no \
            file is shared. A request goes to its credential's tenant; the first label of its \
            Host or a CX-Tenant header may name the tenant too, and must agree with the \
            credential (docs/tenants.md). A running serve picks up an added or removed tenant \
            without a restart.
            """,
        subcommands: [Add.self, List.self, Limit.self, Remove.self]
    )

    /// The store's data directory, for the commands about its tenants.
    struct RootOptions: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The store's data directory.", valueName: "dir"))
        var data: String = "./data"
    }

    /// A tenant's limits, as `add` and `limit` take them.
    struct LimitOptions: ParsableArguments {
        @Option(help: ArgumentHelp("Requests a second the tenant may make, all its credentials together (429 beyond).", valueName: "n"))
        var rate: Double?

        @Option(help: ArgumentHelp("Requests it may make at once after a quiet spell (default: one second's worth).", valueName: "n"))
        var burst: Int?

        @Option(help: ArgumentHelp("The most bytes its files may hold; past it, writes are refused (507).", valueName: "bytes"))
        var maxBytes: Int64?

        /// `limits` with the options given changed.
        func applied(to limits: TenantLimits) -> TenantLimits {
            var limits = limits
            if let rate { limits.requestsPerSecond = rate }
            if let burst { limits.burst = burst }
            if let maxBytes { limits.maximumBytes = maxBytes }
            return limits
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tenant (an empty directory; its store is made when first used).")

        @OptionGroup var root: RootOptions

        @Argument(help: ArgumentHelp("The tenant's name: 1 to 63 of a-z 0-9 -, as a DNS label.", valueName: "name"))
        var name: String

        @OptionGroup var limits: LimitOptions

        func run() throws {
            try FileManager.default.createDirectory(atPath: root.data, withIntermediateDirectories: true)
            let tenant = try TenantName.parse(name)
            let tenants = StoreTenants(root: root.data)
            let limits = limits.applied(to: TenantLimits())
            try limits.validate()
            let layout = try tenants.add(tenant)
            if limits != TenantLimits() { try limits.save(layout) }
            print("added tenant \(layout.tenant) in \(layout.dataDirectory): \(limits.description)")
            print("next: cxstore credentials add --data \(root.data) --tenant \(layout.tenant) --account NAME --scopes ingest,read")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenants, with the size of each one's files.")

        @OptionGroup var root: RootOptions

        func run() throws {
            let tenants = StoreTenants(root: root.data)
            for tenant in tenants.list() {
                let layout = tenants.layout(of: tenant)
                let stored =
                    FileManager.default.fileExists(atPath: layout.logDataFile) ? "\(tenants.bytes(of: tenant).formatted()) bytes" : "no store yet"
                let limits = (try? TenantLimits.load(layout).description) ?? "limits unreadable"
                print("\(tenant)\t\(layout.dataDirectory)\t\(stored)\t\(limits)")
            }
        }
    }

    struct Limit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a tenant's rate or storage quota; a running serve applies it within a second.",
            discussion: "Options left out keep their value; --unlimited clears every limit first.")

        @OptionGroup var root: RootOptions

        @Argument(help: ArgumentHelp("The tenant.", valueName: "name"))
        var name: String

        @OptionGroup var limits: LimitOptions

        @Flag(help: "Clear the tenant's limits (then set those given).")
        var unlimited = false

        func run() throws {
            let layout = try StoreTenants(root: root.data).existing(try TenantName.parse(name))
            let changed = limits.applied(to: unlimited ? TenantLimits() : try TenantLimits.load(layout))
            try changed.save(layout)
            print("tenant \(layout.tenant): \(changed.description)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a tenant and every file of it, then check that none is left.",
            discussion: "A running serve stops serving it at once. There is no undo: take a backup first (cxstore backup --tenant NAME).")

        @OptionGroup var root: RootOptions

        @Argument(help: ArgumentHelp("The tenant to remove.", valueName: "name"))
        var name: String

        func run() throws {
            let tenant = try TenantName.parse(name)
            let files = try StoreTenants(root: root.data).remove(tenant)
            print("removed tenant \(tenant): \(files) files deleted, none left")
        }
    }
}
