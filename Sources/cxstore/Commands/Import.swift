import ArgumentParser
import CIM
import EventLog
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
            Exits 0 when no line was rejected, 1 otherwise.
            """
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The NDJSON file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "Treat lines as third-party activities (POST /conversation-manager/activities) instead of CIM messages.")
    var origin: OriginOption = .cim

    @Option(help: "Lines per appended batch.")
    var batchSize: Int = 1000

    @Option(help: "Stop listing rejected lines after this many (they are still counted).")
    var maxReportedErrors: Int = 1000

    enum OriginOption: String, ExpressibleByArgument, CaseIterable {
        case cim
        case thirdParty = "third-party"

        var origin: MessageOrigin { self == .cim ? .cimMessage : .thirdPartyActivity }
    }

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
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
        let preparer = MessagePreparer()
        var tally = ImportTally()
        let progress = ProgressLine()
        let started = ContinuousClock.now
        let reader = LineReader(file: input)
        var batch: [(line: Int, bytes: [UInt8])] = []
        do {
            while let line = reader.next() {
                tally.lines += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    tally.blank += 1
                    continue
                }
                batch.append((tally.lines, line))
                if batch.count >= batchSize {
                    try await append(batch, preparer: preparer, log: log, tally: &tally)
                    batch.removeAll(keepingCapacity: true)
                    progress.update(tally.summary(elapsed: ContinuousClock.now - started))
                }
            }
            try await append(batch, preparer: preparer, log: log, tally: &tally)
        } catch {
            progress.finish()
            await log.close()
            throw error
        }
        await log.close()
        progress.update(tally.summary(elapsed: ContinuousClock.now - started), force: true)
        progress.finish()
        if tally.rejected > 0 { throw ExitCode(1) }
    }

    /// Validates each line of `batch` exactly as the ingest routes do and appends the valid
    /// ones in one call. Only the events are kept until the append returns: import hands
    /// nothing to the projections, and holding every decoded message of the batch until then
    /// cost 8 % of its rate (BENCHMARKS.md).
    private func append(_ batch: [(line: Int, bytes: [UInt8])], preparer: MessagePreparer, log: EventLog, tally: inout ImportTally) async throws {
        guard !batch.isEmpty else { return }
        let receivedAt = Timestamp.now
        var events: [NewEvent] = []
        var lines: [Int] = []
        for (line, bytes) in batch {
            do {
                events.append(try preparer.prepare(bytes, origin: origin.origin, receivedAt: receivedAt).event)
                lines.append(line)
            } catch {
                reject(line: line, reasons: error.violations.map(\.description), tally: &tally)
            }
        }
        let outcomes = try await log.append(contentsOf: events)
        for (line, outcome) in zip(lines, outcomes) {
            switch outcome {
            case .success(let result) where result.duplicate: tally.duplicates += 1
            case .success: tally.appended += 1
            case .failure(let error) where error.code == .idConflict:
                reject(
                    line: line, reasons: ["id: is already used by the event at position \(error.position ?? .start) with different content"],
                    tally: &tally)
            case .failure(let error):
                throw error
            }
        }
    }

    private func reject(line: Int, reasons: [String], tally: inout ImportTally) {
        tally.rejected += 1
        guard tally.rejected <= maxReportedErrors else { return }
        var text = ""
        for reason in reasons { text += "line \(line): \(reason)\n" }
        StandardError.write(text)
    }
}

/// Counts of an import run.
struct ImportTally {
    var lines = 0
    var blank = 0
    var appended = 0
    var duplicates = 0
    var rejected = 0

    func summary(elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
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
        return UnsafeRawBufferPointer(start: buffer, count: count).map { $0 }
    }
}
