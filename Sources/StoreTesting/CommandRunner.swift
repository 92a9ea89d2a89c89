import Foundation

/// Runs `cxstore` (or another program) with arguments and collects its exit status and
/// output, without blocking a thread of Swift's cooperative pool (``OwnThread``).
public enum CommandRunner {
    /// The outcome of one run.
    public struct Outcome: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output.
        public let standardOutput: String
        /// Standard error.
        public let standardError: String
    }

    /// Runs `cxstore arguments…`, feeding `input` on standard input.
    public static func run(_ arguments: [String], input: [UInt8]? = nil, timeout: Duration = .seconds(300)) async throws -> Outcome {
        try await run(executable: ServerProcess.executablePath, arguments, input: input, timeout: timeout)
    }

    /// Runs `executable arguments…`, feeding `input` on standard input. Standard output and
    /// standard error are read at the same time, so that a child filling one pipe never
    /// waits for a reader of the other. A child still running after `timeout` is killed.
    ///
    /// - Throws: ``CommandRunnerError/timedOut`` when it was killed.
    public static func run(
        executable: String, _ arguments: [String], input: [UInt8]? = nil, timeout: Duration = .seconds(300)
    ) async throws
        -> Outcome
    {
        ignoreBrokenPipes
        let standardInput = try ChildProcess.pipe()
        let output = try ChildProcess.pipe()
        let errors = try ChildProcess.pipe()
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: arguments, standardInput: .descriptor(standardInput.read),
                standardOutput: .descriptor(output.write), standardError: .descriptor(errors.write))
        } catch {
            for end in [standardInput, output, errors].flatMap({ [$0.read, $0.write] }) { close(end) }
            throw error
        }
        // The child has its own copies; the reads below end when it closes them.
        for end in [standardInput.read, output.write, errors.write] { close(end) }
        let bytes = input ?? []
        async let fed: Void = OwnThread.run {
            writeAll(bytes, to: standardInput.write)
            close(standardInput.write)
        }
        async let printed = OwnThread.run { readAll(output.read) }
        async let complained = OwnThread.run { readAll(errors.read) }
        let status = await child.exitStatus(within: timeout)
        if status == nil {
            child.send(SIGKILL)
            child.waitUntilExit()
        }
        let (standardOutput, standardError) = await (printed, complained)
        await fed
        guard let status else {
            throw CommandRunnerError.timedOut(command: ([executable] + arguments).joined(separator: " "), standardError: standardError)
        }
        return Outcome(status: status, standardOutput: standardOutput, standardError: standardError)
    }

    /// A child that exits without reading its input makes writing to it fail with `EPIPE`,
    /// not end this process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Reads `descriptor` to its end and closes it.
    private static func readAll(_ descriptor: Int32) -> String {
        defer { close(descriptor) }
        var collected: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            collected.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: collected, as: UTF8.self)
    }
}

/// Why a command gave no outcome.
public enum CommandRunnerError: Error {
    /// It ran longer than its bound and was killed; what it wrote to standard error.
    case timedOut(command: String, standardError: String)
}
