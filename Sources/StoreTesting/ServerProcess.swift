import Foundation
import NIOCore

/// `cxstore serve` (or `cxstore replica`) run as a child process, for tests that kill it.
public final class ServerProcess: @unchecked Sendable {
    /// The child process.
    public let process: ChildProcess
    /// The port it listens on.
    public let port: Int
    /// Where its standard error goes.
    public let logPath: String

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The `cxstore` executable next to the test bundle (built by `swift build`), or
    /// `$CXSTORE_BINARY`.
    public static var executablePath: String {
        if let path = ProcessInfo.processInfo.environment["CXSTORE_BINARY"] { return path }
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("cxstore").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "cxstore"
    }

    /// Starts `cxstore COMMAND` (`serve` unless told) on a free port and waits until
    /// `/healthz` answers: `200`, or `404` from a replica that follows other tenants than the
    /// default one (it listens once they are open). Its standard error goes to a file in the
    /// data directory.
    public init(command: String = "serve", dataDirectory: String, arguments: [String] = []) async throws {
        let port = try FreePort.find()
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let logPath = dataDirectory + "/\(command)-\(port).log"
        let process = try ChildProcess(
            executable: Self.executablePath,
            arguments: [command, "--data", dataDirectory, "--host", "127.0.0.1", "--port", String(port), "--log-level", "warning"] + arguments,
            standardError: .file(logPath))
        self.process = process
        self.port = port
        self.logPath = logPath

        let client = HTTPTestClient(baseURL: "http://127.0.0.1:\(port)")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if !process.isRunning {
                throw ServerProcessError.exited(status: process.waitUntilExit(), log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
            }
            if let response = try? await client.send("GET", "/healthz", timeout: .seconds(1)), [200, 404].contains(response.status) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill()
        throw ServerProcessError.didNotBecomeReady
    }

    /// Kills the process with SIGKILL: no shutdown code runs.
    public func kill() {
        process.send(SIGKILL)
        process.waitUntilExit()
    }

    /// Waits up to `timeout` for the process to exit by itself; its status, or `nil` when it
    /// still runs.
    public func waitForExit(within timeout: Duration) async -> Int32? {
        await process.exitStatus(within: timeout)
    }

    /// What the process wrote to standard error so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits up to `timeout` for the exit status; a process still running
    /// then is killed with SIGKILL and the answer is `nil` (a shutdown that hangs fails its
    /// test instead of the whole run).
    public func terminate(within timeout: Duration = .seconds(60)) async -> Int32? {
        process.send(SIGTERM)
        if let status = await process.exitStatus(within: timeout) { return status }
        kill()
        return nil
    }
}

/// Why a server process could not be used.
public enum ServerProcessError: Error {
    /// It exited with `status` before it was ready; `log` is its standard error.
    case exited(status: Int32, log: String)
    /// `/healthz` did not answer in time.
    case didNotBecomeReady
}

/// Finds a free loopback port by binding port 0.
enum FreePort {
    static func find() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerProcessError.didNotBecomeReady }
        defer { close(descriptor) }
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw ServerProcessError.didNotBecomeReady }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
