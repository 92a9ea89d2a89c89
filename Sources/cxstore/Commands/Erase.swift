import ArgumentParser
import EventLog
import Foundation
import Logging
import Projections

/// `cxstore erase`: forgets a customer (docs/erasure.md).
struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase a customer: their records in the log, every row derived from them, and every byte of them on disk.",
        discussion: """
            Erases the customer as the history API knows them, merged identities included: \
            their log records are replaced by redacted records (same position, id, type and \
            times), the erasure is logged as an event and in DIR/erasure-ledger.jsonl, the \
            read models delete what the records made, and the old bytes are overwritten in \
            the log file and the read models' files. While serve runs on DIR the request is \
            handed to it; otherwise this command does it and waits until the bytes are gone. \
            Prints what was erased as JSON. Exit status 0 when erased, 1 for an unknown (404) \
            or already erased (410) customer, with nothing changed.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The customer id, as the history API shows it.", valueName: "id"))
    var customer: String

    @Option(help: ArgumentHelp("Why (a ticket reference; no personal data: it is kept in the audit).", valueName: "text"))
    var reason: String?

    func validate() throws {
        guard !customer.isEmpty else { throw ValidationError("--customer must not be empty") }
        if let reason, reason.count > 500 { throw ValidationError("--reason is at most 500 characters") }
    }

    func run() async throws {
        try store.requireReadModels()
        if FileManager.default.fileExists(atPath: store.layout.replicaMarkerFile) {
            throw CommandFailure(
                "\(store.layout.dataDirectory) is a read replica: it applies the erasures of its primary's stream; erase on the primary")
        }
        let requestedBy = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
        let request = ErasureRequests.Request(customerID: customer, reason: reason, requestedBy: requestedBy)
        let started = ContinuousClock.now
        let answer: ErasureRequests.Answer
        if ErasureRequests.runningServe(store.layout) != nil {
            FileHandle.standardError.write(Data("serve runs on \(store.layout.dataDirectory): handing the erasure to it\n".utf8))
            answer = try await ErasureRequests.ask(request, layout: store.layout, timeout: .seconds(120))
        } else {
            answer = try await eraseHere(request)
        }
        guard let receipt = answer.receipt else {
            FileHandle.standardError.write(Data("not erased (\(answer.status)): \(answer.error ?? "")\n".utf8))
            throw ExitCode.failure
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(receipt), as: UTF8.self))
        FileHandle.standardError.write(Data(String(format: "erased in %.2f s\n", (ContinuousClock.now - started).inSeconds).utf8))
    }

    /// No serve runs: erase in this process, with a projector of its own, and wait until
    /// the log file holds no erased byte.
    private func eraseHere(_ request: ErasureRequests.Request) async throws -> ErasureRequests.Answer {
        let log = try EventLog(directory: store.layout.logDirectory)
        let readModels = try ReadModelStore(layout: store.layout)
        let runner = try await ProjectionRunner(log: log, store: readModels)
        let projecting = Task { try await runner.run() }
        let answer: ErasureRequests.Answer
        do {
            let progress = ProgressLine()
            progress.update("catching the read models up with the log…", force: true)
            _ = await runner.waitUntilApplied(log.head, timeout: .seconds(3600))
            progress.finish()
            let receipt = try await CustomerEraser(runner: runner).erase(
                customerID: request.customerID, reason: request.reason, requestedBy: request.requestedBy)
            FileHandle.standardError.write(Data("overwriting the erased bytes in the log file…\n".utf8))
            await log.waitUntilScrubbed()
            answer = ErasureRequests.Answer(status: 200, receipt: receipt)
        } catch {
            answer = ErasureRequests.answer(for: error)
        }
        projecting.cancel()
        _ = await projecting.result
        await log.close()
        return answer
    }
}
