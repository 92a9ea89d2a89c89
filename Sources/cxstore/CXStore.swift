import ArgumentParser

/// The `cxstore` command: runs the service and the store's maintenance tools.
@main
struct CXStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cxstore",
        abstract: "CX Activity Store: a durable, event-sourced store of contact-center activity.",
        subcommands: [
            Serve.self, Replica.self, Backup.self, Restore.self, Import.self, Demo.self, Verify.self, Rebuild.self, SQL.self, Erase.self,
            Credentials.self, Tenants.self, Export.self, Webhooks.self,
        ]
    )
}
