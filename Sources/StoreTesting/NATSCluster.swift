import Foundation
import NIOCore

/// A real NATS JetStream cluster of three `nats-server` processes on loopback, each with its
/// own `server_name`, JetStream store directory and cluster routes, for the replication tests.
///
/// Nodes can be killed, stopped and restarted on the same ports and store directories. A
/// watchdog process kills every node when the test process ends, however it ends.
///
/// A server that can flush before it acknowledges (nats-server 2.10 and later) runs with
/// `jetstream { sync_interval: always }`; Debian's 2.9 has no such setting and syncs its
/// stream files every 2 minutes (docs/replication.md says what each mode survives then).
public final class NATSCluster: @unchecked Sendable {
    private struct Node {
        let name: String
        let clientPort: Int
        let clusterPort: Int
        let monitorPort: Int
        var process: ChildProcess?
    }

    /// The directory holding the nodes' stores and logs.
    public let directory: TemporaryDirectory
    private let lock = NSLock()
    private var nodes: [Node]

    /// The client URLs of every node, comma-separated, as `--replicate` and `--from` take them.
    public var urls: String { nodes.map { "nats://127.0.0.1:\($0.clientPort)" }.joined(separator: ",") }

    /// The client URL of node `index` alone.
    public func url(ofNode index: Int) -> String { "nats://127.0.0.1:\(nodes[index].clientPort)" }

    /// The monitoring URL of node `index` (`/healthz`, `/jsz`).
    public func monitorURL(ofNode index: Int) -> String { "http://127.0.0.1:\(nodes[index].monitorPort)" }

    /// The JetStream store directory of node `index`.
    public func storeDirectory(ofNode index: Int) -> String { directory.path + "/\(nodes[index].name)" }

    /// Whether the nodes sync every write to disk before acknowledging it.
    public let syncsEveryWrite: Bool

    /// Starts three nodes and waits until each reports JetStream ready. A port found free
    /// can be taken by another process before a node binds it (tests run in parallel): then
    /// the nodes start again on new ports, up to three times.
    public init() async throws {
        directory = try TemporaryDirectory(prefix: "cxstore-nats")
        syncsEveryWrite = try await Self.serverVersion(in: directory.path).map { $0 >= (2, 10) } ?? false
        nodes = try Self.nodesOnFreePorts()
        try startWatchdog()
        for attempt in 1...3 {
            for index in nodes.indices { try launch(index) }
            do {
                for index in nodes.indices { try await waitUntilReady(index) }
                return
            } catch NATSClusterError.notReady(_, _, let logTail) where logTail.contains("address already in use") && attempt < 3 {
                for index in nodes.indices { kill(node: index) }
                try? FileManager.default.removeItem(atPath: directory.path)
                try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
                nodes = try Self.nodesOnFreePorts()
            }
        }
    }

    private static func nodesOnFreePorts() throws -> [Node] {
        try (1...3).map { number in
            Node(name: "n\(number)", clientPort: try FreePort.find(), clusterPort: try FreePort.find(), monitorPort: try FreePort.find())
        }
    }

    /// Kills node `index` with SIGKILL.
    public func kill(node index: Int) {
        guard let process = lock.withLock({ nodes[index].process }) else { return }
        process.send(SIGKILL)
        process.waitUntilExit()
        lock.withLock { nodes[index].process = nil }
        writePIDs()
    }

    /// Kills every node and removes the cluster's directory (for a cluster a test started for
    /// itself; the shared one lives until the test process ends).
    public func stop() {
        for index in nodes.indices { kill(node: index) }
        directory.remove()
    }

    /// Restarts every node that is not running, on its ports and store, and waits until all
    /// are ready (a node alone is not ready until a quorum of the cluster is back). A node
    /// that still runs is left alone: a second process on its ports would fail, and the
    /// first would be lost to the watchdog.
    public func restoreAllNodes() async throws {
        for index in nodes.indices where lock.withLock({ nodes[index].process == nil }) {
            try launch(index)
        }
        try await waitUntilReady()
    }

    /// Waits until every running node reports JetStream ready (after restarts: a meta
    /// leader elected and the node caught up).
    public func waitUntilReady() async throws {
        for index in nodes.indices where lock.withLock({ nodes[index].process != nil }) {
            try await waitUntilReady(index)
        }
    }

    private func launch(_ index: Int) throws {
        let node = nodes[index]
        let routes = nodes.map { "nats-route://127.0.0.1:\($0.clusterPort)" }.joined(separator: ",")
        let arguments = [
            "--server_name", node.name, "--addr", "127.0.0.1", "--port", String(node.clientPort),
            "--http_port", String(node.monitorPort), "--cluster_name", "cxstore-test",
            "--cluster", "nats://127.0.0.1:\(node.clusterPort)", "--routes", routes,
            "--jetstream", "--store_dir", storeDirectory(ofNode: index),
        ]
        let logPath = directory.path + "/\(node.name).log"
        var configuration: [String] = []
        if syncsEveryWrite {
            let path = directory.path + "/\(node.name).conf"
            try Data("jetstream { sync_interval: always }\n".utf8).write(to: URL(fileURLWithPath: path))
            configuration = ["--config", path]
        }
        let process = try ChildProcess(
            executable: Self.serverPath, arguments: configuration + arguments, standardOutput: .file(logPath), standardError: .file(logPath))
        lock.withLock { nodes[index].process = process }
        writePIDs()
    }

    /// Waits until node `index`'s `/healthz` answers 200: JetStream up and every stream it
    /// holds current (after a restart of the whole cluster that takes tens of seconds on a
    /// busy machine, hence the 90 s bound), or until it exits. A node still not ready is named
    /// with what its `/healthz` said last and the end of its log.
    private func waitUntilReady(_ index: Int) async throws {
        let monitor = HTTPTestClient(baseURL: monitorURL(ofNode: index))
        let deadline = ContinuousClock.now + .seconds(90)
        var lastAnswer = "no answer"
        while ContinuousClock.now < deadline {
            if let process = lock.withLock({ nodes[index].process }), !process.isRunning {
                lastAnswer = "the node exited"
                break
            }
            if let response = try? await monitor.send("GET", "/healthz", timeout: .seconds(2)) {
                if response.status == 200 { return }
                lastAnswer = "\(response.status) \(response.text)"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOfFile: directory.path + "/\(nodes[index].name).log", encoding: .utf8)) ?? ""
        throw NATSClusterError.notReady(node: nodes[index].name, health: lastAnswer, logTail: String(log.suffix(3000)))
    }

    private var pidFile: String { directory.path + "/pids" }

    private func writePIDs() {
        let pids = lock.withLock { nodes.compactMap { $0.process?.pid }.map(String.init).joined(separator: " ") }
        try? Data(pids.utf8).write(to: URL(fileURLWithPath: pidFile))
    }

    /// A shell that waits for this process to end, then kills the nodes it last knew of.
    private func startWatchdog() throws {
        let me = ProcessInfo.processInfo.processIdentifier
        _ = try ChildProcess(
            executable: "/bin/sh",
            arguments: [
                "-c",
                "while kill -0 \(me) 2>/dev/null; do sleep 1; done; kill -9 $(cat '\(pidFile)' 2>/dev/null) 2>/dev/null; rm -rf '\(directory.path)'",
            ])
    }

    /// The server's version as (major, minor), from `nats-server --version`
    /// (`nats-server: v2.9.10`); `nil` when it prints something else.
    private static func serverVersion(in directory: String) async throws -> (Int, Int)? {
        let path = directory + "/version"
        let process = try ChildProcess(executable: serverPath, arguments: ["--version"], standardOutput: .file(path), standardError: .file(path))
        guard await process.exitStatus(within: .seconds(10)) == 0 else { return nil }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard let version = text.split(separator: "v").last else { return nil }
        let numbers = version.split(separator: ".").prefix(2).compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    /// `nats-server` on the PATH (Debian puts it in /usr/sbin), or `$NATS_SERVER`.
    static var serverPath: String {
        if let path = ProcessInfo.processInfo.environment["NATS_SERVER"] { return path }
        for candidate in ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "nats-server"
    }
}

/// Why the test cluster could not be used.
public enum NATSClusterError: Error {
    /// A node did not report JetStream ready in time: what its `/healthz` answered last, and
    /// the end of its log.
    case notReady(node: String, health: String, logTail: String)
}
