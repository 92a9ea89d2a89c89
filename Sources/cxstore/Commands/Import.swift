import ArgumentParser
import CIM
import EventLog
import Foundation
import Ingest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `cxstore import`: appends an NDJSON file of CIM messages through the same validation
/// as the HTTP ingest route.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append CIM messages from an NDJSON file (one message a line) to the log.",
        discussion: """
            Every line is validated exactly as POST /ccm/message/receive validates it. A bad \
            line is reported (line number, field, rule) on standard error and never stops the \
            good ones. Lines already in the log with the same content count as duplicates. \
            Lines are validated on every core while the batch before is appended; the log \
            holds them in file order. Exits 0 when no line was rejected, 1 otherwise.
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The NDJSON file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "Treat lines as third-party activities (POST /conversation-manager/activities) instead of CIM messages.")
    var origin: OriginOption = .cim

    @Option(help: "Lines per appended batch.")
    var batchSize: Int = 1000

    @Option(help: "Threads validating lines (default: one per core).")
    var workers: Int?

    @Option(help: "Stop listing rejected lines after this many (they are still counted).")
    var maxReportedErrors: Int = 1000

    enum OriginOption: String, ExpressibleByArgument, CaseIterable {
        case cim
        case thirdParty = "third-party"

        var origin: MessageOrigin { self == .cim ? .cimMessage : .thirdPartyActivity }
    }

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        guard (workers ?? 1) > 0 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let input: UnsafeMutablePointer<FILE>
        if file == "-" {
            guard let standardInput = fdopen(STDIN_FILENO, "rb") else { throw ValidationError("cannot read standard input") }
            input = standardInput
        } else {
            guard let opened = fopen(file, "rb") else { throw ValidationError("cannot open \(file)") }
            input = opened
        }
        defer { if file != "-" { fclose(input) } }

        let log = try EventLog(directory: store.layout.logDirectory)
        let run = ImportRun(
            log: log, preparer: MessagePreparer(), origin: origin.origin, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
            maxReportedErrors: maxReportedErrors)
        let reader = LineReader(file: input)
        var lines: [ImportBatch.Line] = []
        do {
            while let line = reader.next() {
                if run.tally.countLine(line) {
                    lines.append((run.tally.lines, line))
                }
                if lines.count >= batchSize {
                    try await run.submit(lines)
                    lines.removeAll(keepingCapacity: true)
                }
            }
            try await run.submit(lines)
            try await run.finish()
        } catch {
            await run.abandon()
            await log.close()
            throw error
        }
        await log.close()
        if run.tally.rejected > 0 { throw ExitCode(1) }
    }
}

/// Counts of an import run.
struct ImportTally {
    var lines = 0
    var blank = 0
    var appended = 0
    var duplicates = 0
    var rejected = 0

    /// Counts `line`; `true` unless it is blank (only spaces, tabs and carriage returns).
    mutating func countLine(_ line: [UInt8]) -> Bool {
        lines += 1
        guard line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return true }
        blank += 1
        return false
    }

    func summary(elapsed: Duration) -> String {
        let seconds = elapsed.inSeconds
        let rate = seconds > 0 ? Int(Double(lines) / seconds) : 0
        return "import: \(lines.formatted) lines, \(appended.formatted) appended, \(duplicates.formatted) duplicates, "
            + "\(rejected.formatted) rejected (\(rate.formatted) lines/s)"
    }
}

/// Reads `\n`-separated lines of bytes from a C stream, of any length.
final class LineReader {
    let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var capacity = 0

    init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
    }

    deinit { free(buffer) }

    func next() -> [UInt8]? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        var count = length
        if count > 0, buffer[count - 1] == 0x0A { count -= 1 }
        return Array(UnsafeRawBufferPointer(start: buffer, count: count))
    }
}
