import Foundation

/// Runs `cxstore` with arguments and collects its exit status and output.
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
    public static func run(_ arguments: [String], input: [UInt8]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.executablePath)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input)) }
        try standardInput.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}
