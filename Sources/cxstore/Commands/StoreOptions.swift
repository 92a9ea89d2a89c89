import ArgumentParser
import Projections

/// The option every command shares: where the store lives.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store's data directory (created if missing).", valueName: "dir"))
    var data: String = "./data"

    var layout: StoreLayout { StoreLayout(dataDirectory: data) }
}
