public import Foundation
import NIOCore

/// A real headless Chromium, driven over W3C WebDriver by Debian's `chromedriver` on a
/// loopback port, for the desk's browser tests. One session per suite: starting Chromium
/// takes a second or two. A watchdog kills the driver (and its browser) when the test
/// process ends, however it ends.
public final class BrowserSession: @unchecked Sendable {
    /// What the driver answered when a command failed.
    public struct CommandFailure: Error, CustomStringConvertible {
        /// The command.
        public let command: String
        /// The driver's error and message.
        public let detail: String
        public var description: String { "WebDriver \(command) failed: \(detail)" }
    }

    /// A browser console message.
    public struct ConsoleEntry: Sendable, CustomStringConvertible {
        /// `SEVERE`, `WARNING`, `INFO`…
        public let level: String
        /// The text, with its source.
        public let message: String
        public var description: String { "[\(level)] \(message)" }
    }

    private let driver: ChildProcess
    private let client: HTTPTestClient
    private let session: String

    /// The viewport the desk is tested at.
    public static let windowSize = (width: 1280, height: 800)

    /// Starts `chromedriver` and a headless Chromium session with the console log on.
    public init() async throws {
        let port = try FreePort.find()
        driver = try ChildProcess(
            executable: Self.path(of: "chromedriver", environment: "CHROMEDRIVER"), arguments: ["--port=\(port)", "--allowed-ips=127.0.0.1"])
        try Self.watch(driver.pid)
        client = HTTPTestClient(baseURL: "http://127.0.0.1:\(port)")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let status = try? await client.send("GET", "/status", timeout: .seconds(2)), status.status == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:loggingPrefs": ["browser": "ALL"],
                    "goog:chromeOptions": [
                        "binary": Self.path(of: "chromium", environment: "CHROMIUM"),
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                            "--window-size=\(Self.windowSize.width),\(Self.windowSize.height)",
                        ],
                    ],
                ]
            ]
        ]
        let answer = try await Self.command(client, "POST", "/session", capabilities, name: "new session")
        guard let value = answer as? [String: Any], let id = value["sessionId"] as? String else {
            throw CommandFailure(command: "new session", detail: "no session id in \(String(describing: answer))")
        }
        session = id
    }

    deinit {
        driver.send(SIGTERM)
    }

    /// Ends the session and stops the driver.
    public func quit() async {
        _ = try? await client.send("DELETE", "/session/\(session)", timeout: .seconds(10))
        driver.send(SIGTERM)
    }

    /// Opens `url` and waits until it has loaded.
    public func open(_ url: String) async throws {
        _ = try await command("POST", "/url", ["url": url])
    }

    /// The first element matching the CSS `selector`, or `nil`.
    public func element(_ selector: String) async throws -> String? {
        try await elements(selector).first
    }

    /// Every element matching the CSS `selector`.
    public func elements(_ selector: String) async throws -> [String] {
        let found = try await command("POST", "/elements", ["using": "css selector", "value": selector])
        return (found as? [[String: Any]] ?? []).compactMap { $0.values.first as? String }
    }

    /// The element that has the focus.
    public func activeElement() async throws -> String? {
        let found = try await command("GET", "/element/active", nil) as? [String: Any]
        return found?.values.first as? String
    }

    /// Clicks an element.
    public func click(_ element: String) async throws {
        _ = try await command("POST", "/element/\(element)/click", [String: Any]())
    }

    /// Types `text` into an element (`\u{E007}` is Enter).
    public func type(_ text: String, into element: String) async throws {
        _ = try await command("POST", "/element/\(element)/value", ["text": text])
    }

    /// The rendered text of an element.
    public func text(of element: String) async throws -> String {
        try await command("GET", "/element/\(element)/text", nil) as? String ?? ""
    }

    /// Runs `script` (a function body; `arguments` holds `arguments`) in the page; its result
    /// must be a string, a number, a boolean or null.
    public func run(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        let value = try await command("POST", "/execute/sync", ["script": script, "args": arguments])
        return value is NSNull ? nil : value
    }

    /// Runs `script` until it returns `true`, every 50 ms, for at most `timeout`; returns
    /// whether it did.
    public func wait(for timeout: Duration, until script: String) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if try await run(script) as? Bool == true { return true }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return false
    }

    /// The page as PNG.
    public func screenshot() async throws -> Data {
        guard let text = try await command("GET", "/screenshot", nil) as? String, let data = Data(base64Encoded: text) else {
            throw CommandFailure(command: "screenshot", detail: "no image")
        }
        return data
    }

    /// The console messages since the last call (chromedriver's log endpoint).
    public func console() async throws -> [ConsoleEntry] {
        let entries = try await command("POST", "/se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.map { ConsoleEntry(level: $0["level"] as? String ?? "?", message: $0["message"] as? String ?? "") }
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        try await Self.command(client, method, "/session/\(session)" + path, body, name: "\(method) \(path)")
    }

    private static func command(
        _ client: HTTPTestClient, _ method: String, _ path: String, _ body: [String: Any]?, name: String
    ) async throws
        -> Any?
    {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) }
        let response = try await client.send(
            method, path, body: bytes, headers: [("Content-Type", "application/json")], timeout: .seconds(60))
        let value = response.json["value"]
        guard response.status == 200 else {
            let error = value as? [String: Any]
            throw CommandFailure(
                command: name, detail: "\(response.status) \(error?["error"] as? String ?? ""): \(error?["message"] as? String ?? response.text)")
        }
        return value
    }

    private static func path(of program: String, environment: String) -> String {
        if let path = ProcessInfo.processInfo.environment[environment] { return path }
        return ["/usr/bin/\(program)", "/usr/local/bin/\(program)"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? program
    }

    /// A shell that waits for this process to end, then kills the driver's process group.
    private static func watch(_ driver: Int32) throws {
        let me = ProcessInfo.processInfo.processIdentifier
        _ = try ChildProcess(
            executable: "/bin/sh",
            arguments: ["-c", "while kill -0 \(me) 2>/dev/null; do sleep 1; done; pkill -9 -P \(driver); kill -9 \(driver) 2>/dev/null"])
    }
}
