import ArgumentParser
import EventLog
import Foundation
import Projections

/// `cxstore restore`: a backup into a new data directory, with the erasures made since.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into a new data directory, re-applying every erasure of the erasure ledgers given.",
        discussion: """
            A backup taken before an erasure still holds the erased customer. Restore copies \
            the backup, then applies the ledger in the backup and every --ledger file (keep \
            the live store's DIR/erasure-ledger.jsonl with the backups, off the machine): each \
            erasure the backup does not hold is made again, with the same id, so the customer \
            does not come back. Without a ledger it refuses, unless --without-ledger says \
            the risk is understood. Waits until the erased bytes are overwritten.
            """
    )

    @Option(help: ArgumentHelp("The backup directory (made by cxstore backup).", valueName: "dir"))
    var from: String

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("An erasure ledger to apply (repeatable): the live store's erasure-ledger.jsonl.", valueName: "file"))
    var ledger: [String] = []

    @Flag(help: "Restore without any ledger beyond the backup's own (erasures made after the backup come back).")
    var withoutLedger = false

    func validate() throws {
        guard !ledger.isEmpty || withoutLedger else {
            throw ValidationError(
                "give the erasure ledger made since the backup (--ledger FILE), or --without-ledger: erased customers would come back")
        }
    }

    func run() async throws {
        let backup = StoreLayout(dataDirectory: from)
        guard FileManager.default.fileExists(atPath: backup.logDataFile) else { throw MissingStore(layout: backup, part: .log) }
        // A tenant added for the restore may hold its limits already; they stay.
        let limitsFile = store.layout.tenantLimitsFile
        let existing = ((try? FileManager.default.contentsOfDirectory(atPath: store.layout.dataDirectory)) ?? []).filter {
            store.layout.dataDirectory + "/" + $0 != limitsFile
        }
        guard existing.isEmpty else { throw ValidationError("\(store.layout.dataDirectory) is not empty; restore goes into a new directory") }
        let limits = FileManager.default.contents(atPath: limitsFile)
        var entries: [String: ErasureLedger.Entry] = [:]
        var order: [String] = []
        for file in [backup.erasureLedgerFile] + ledger {
            guard file == backup.erasureLedgerFile || FileManager.default.fileExists(atPath: file) else {
                throw ValidationError("no ledger at \(file)")
            }
            for entry in try ErasureLedger(path: file).entries() where entries[entry.erasureID] == nil {
                entries[entry.erasureID] = entry
                order.append(entry.erasureID)
            }
        }
        try? FileManager.default.removeItem(atPath: store.layout.dataDirectory)
        try FileManager.default.copyItem(atPath: from, toPath: store.layout.dataDirectory)
        if let limits { try limits.write(to: URL(fileURLWithPath: limitsFile)) }
        try? FileManager.default.removeItem(atPath: store.layout.erasureLedgerFile)

        let log = try EventLog(directory: store.layout.logDirectory)
        let runner = try await ProjectionRunner(log: log, store: try ReadModelStore(layout: store.layout))
        let projecting = Task { try await runner.run() }
        let eraser = CustomerEraser(runner: runner)
        var applied = 0
        do {
            let ledgerFile = ErasureLedger(layout: store.layout)
            for id in order {
                guard let entry = entries[id] else { continue }
                if let receipt = try await eraser.reapply(entry) {
                    applied += 1
                    print("re-applied erasure \(id): \(receipt.records) records of \(entry.customerIDs.joined(separator: ", ")) redacted")
                }
                try ledgerFile.append(entry)
            }
            _ = await runner.waitUntilApplied(log.head, timeout: .seconds(3600))
            await log.waitUntilScrubbed()
        } catch {
            projecting.cancel()
            _ = await projecting.result
            await log.close()
            throw error
        }
        projecting.cancel()
        _ = await projecting.result
        await log.close()
        print(
            "restored \(from) into \(store.layout.dataDirectory): log through position \(log.head), \(order.count) ledger entries, \(applied) re-applied"
        )
    }
}
