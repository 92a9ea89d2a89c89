import ArgumentParser
import EventLog
import Foundation
import Projections

/// `cxstore backup`: a consistent copy of a store, taken while it serves.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a store (log, read models, credentials) into a new directory while serve runs.",
        discussion: """
            The read models are copied first (SQLite's online backup), then the log (LMDB's \
            compacting copy of its last committed state), so the copy's log always reaches \
            at least as far as its read models: serving the copy resumes the projections \
            where they were. `cxstore verify --data DEST` checks the copy, and \
            `cxstore serve --data DEST` serves it. To restore, use `cxstore restore`, which \
            applies the erasure ledger of the erasures made after the backup (docs/erasure.md).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The new directory to copy the store into (missing or empty).", valueName: "dir"))
    var to: String

    func run() async throws {
        try store.requireReadModels()
        let destination = StoreLayout(dataDirectory: to)
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: to)) ?? []
        guard existing.isEmpty else { throw ValidationError("\(to) is not empty; a backup goes into a new directory") }
        let started = ContinuousClock.now
        let progress = ProgressLine()
        try ReadModelBackup.copy(from: store.layout, to: destination) { copied, total in
            progress.update("read models: \(copied.formatted) of \(total.formatted) pages copied")
        }
        progress.finish()
        progress.update("log: compacting copy of the last committed state…", force: true)
        let log = try EventLog(directory: store.layout.logDirectory)
        let head = log.head
        try log.copy(to: destination.logDirectory)
        await log.close()
        let fileManager = FileManager.default
        for file in [store.layout.credentialsFile, store.layout.replicaMarkerFile, store.layout.erasureLedgerFile]
        where fileManager.fileExists(atPath: file) {
            try fileManager.copyItem(atPath: file, toPath: to + "/" + (file as NSString).lastPathComponent)
        }
        let bytes = (try? fileManager.attributesOfItem(atPath: destination.logDataFile)[.size] as? Int) ?? 0
        let seconds = (ContinuousClock.now - started).inSeconds
        print(
            "backed up to \(to): log through position \(head) or later (\(bytes.formatted) bytes), read models, credentials, in \(String(format: "%.1f", seconds)) s"
        )
    }
}
