import ArgumentParser
import EventLog

/// `cxstore verify`: checks the log end to end.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the event log: contiguous positions, every record's checksum and format, and the id index.",
        discussion: "Exits 0 only when every check holds; otherwise lists each problem with its position and exits 1. Safe while serve runs."
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try store.requireStore()
        let log = try EventLog(directory: store.layout.logDirectory)
        let progress = ProgressLine()
        let report = try log.verify { checked in
            progress.update("verifying: \(checked.formatted) events checked")
        }
        progress.finish()
        await log.close()
        if report.isSound {
            print("OK: \(report.eventCount.formatted) events, positions 1…\(report.lastPosition), id index consistent")
        } else {
            print("FAILED: \(report.problems.count) problem(s) in \(report.eventCount.formatted) events")
            for problem in report.problems.prefix(1000) { print("  \(problem)") }
            throw ExitCode(1)
        }
    }
}
