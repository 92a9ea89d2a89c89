import ArgumentParser
import EventLog
import Foundation
import Logging
import Projections

/// `cxstore rebuild`: replays the whole log into a new generation of the read models.
struct Rebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild every projection from position 1 into a new SQLite file and swap it in atomically.",
        discussion: """
            Safe while serve runs: reads keep answering from the old file until the swap, \
            then serve follows the new one and catches up from its checkpoint. Events \
            appended during the rebuild are included. Shows progress (events/s, ETA).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Events applied per transaction.")
    var batchSize: Int = 5000

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() async throws {
        try store.requireStore()
        let log = try EventLog(directory: store.layout.logDirectory)
        let progress = ProgressLine()
        let result: Rebuilder.Result
        do {
            result = try await Rebuilder(log: log, layout: store.layout, batchSize: batchSize, logger: Logger(label: "cxstore.rebuild")).rebuild {
                step in
                progress.update(
                    "rebuild: \(step.applied.formatted) / \(step.target.formatted) events  \(Int(step.rate).formatted) events/s  ETA \(Int(step.secondsLeft.rounded()))s"
                )
            }
        } catch {
            progress.finish()
            await log.close()
            throw error
        }
        progress.finish()
        await log.close()
        if ErasureRequests.runningServe(store.layout) == nil {
            // Nothing reads the old generation: it goes now (erased customers' rows included).
            ReadModelStore.removeUnlinkedGenerations(store.layout)
        }
        let seconds = result.elapsed.inSeconds
        print(
            "rebuilt generation \(result.generation): \(result.events.formatted) events up to position \(result.position) in "
                + "\(String(format: "%.1f", seconds)) s (\(Int(seconds > 0 ? Double(result.events) / seconds : 0).formatted) events/s)"
        )
    }
}
