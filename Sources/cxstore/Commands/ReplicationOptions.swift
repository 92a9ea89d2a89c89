public import ArgumentParser
import EventLog
import Foundation
import Replication

extension ReplicationMode: ExpressibleByArgument {}

/// Which JetStream stream each tenant's log is in.
struct StreamOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The streams' prefix: tenant NAME's stream is STREAM_NAME, the default tenant's STREAM.", valueName: "stream"))
    var stream: String = "CX_LOG"

    @Option(
        help: ArgumentHelp(
            "The default tenant's stream, when it is not STREAM: machines that share a NATS cluster and a prefix each give their default tenant a stream of its own.",
            valueName: "stream"))
    var defaultStream: String?

    /// The stream of `tenant`'s log.
    func name(of tenant: TenantName) -> String {
        tenant == .default ? defaultStream ?? stream : tenant.streamName(prefix: stream)
    }

    func validate() throws {
        for (option, name) in [("--stream", stream), ("--default-stream", defaultStream ?? stream)] {
            let allowed = name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            guard !name.isEmpty, allowed else { throw ValidationError("\(option) must be letters, digits, '_' or '-'") }
        }
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
