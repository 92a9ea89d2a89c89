public import ArgumentParser
import Foundation
import Replication

extension ReplicationMode: ExpressibleByArgument {}

/// Where the log's stream lives: the NATS servers and the stream's name.
struct StreamOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The default tenant's stream; tenant NAME's is STREAM_NAME.", valueName: "stream"))
    var stream: String = "CX_LOG"

    func validate() throws {
        let allowed = stream.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        guard !stream.isEmpty, allowed else { throw ValidationError("--stream must be letters, digits, '_' or '-'") }
    }
}

/// Parses `nats://h1:4222,nats://h2:4222` into its servers.
func natsServers(_ list: String) throws -> [String] {
    let servers = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !servers.isEmpty, servers.allSatisfy({ $0.hasPrefix("nats://") }) else {
        throw ValidationError("give the NATS servers as nats://host:port[,nats://host:port...]")
    }
    return servers
}
