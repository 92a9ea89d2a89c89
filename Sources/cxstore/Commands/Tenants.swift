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
        subcommands: [Add.self, List.self, Remove.self]
    )

    /// The store's data directory, for the commands about its tenants.
    struct RootOptions: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The store's data directory.", valueName: "dir"))
        var data: String = "./data"
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tenant (an empty directory; its store is made when first used).")

        @OptionGroup var root: RootOptions

        @Argument(help: ArgumentHelp("The tenant's name: 1 to 63 of a-z 0-9 -, as a DNS label.", valueName: "name"))
        var name: String

        func run() throws {
            try FileManager.default.createDirectory(atPath: root.data, withIntermediateDirectories: true)
            let layout = try StoreTenants(root: root.data).add(try TenantName.parse(name))
            print("added tenant \(layout.tenant) in \(layout.dataDirectory)")
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
                    FileManager.default.fileExists(atPath: layout.logDataFile) ? "\(Self.bytes(in: layout).formatted()) bytes" : "no store yet"
                print("\(tenant)\t\(layout.dataDirectory)\t\(stored)")
            }
        }

        /// The bytes of the tenant's own files (the default tenant's without the others').
        private static func bytes(in layout: StoreLayout) -> Int {
            let manager = FileManager.default
            guard let files = manager.enumerator(atPath: layout.dataDirectory) else { return 0 }
            var total = 0
            for case let file as String in files where !(layout.tenant == .default && file.hasPrefix("tenants")) {
                let attributes = try? manager.attributesOfItem(atPath: layout.dataDirectory + "/" + file)
                if attributes?[.type] as? FileAttributeType == .typeRegular { total += (attributes?[.size] as? Int) ?? 0 }
            }
            return total
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
