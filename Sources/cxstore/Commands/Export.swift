import ArgumentParser
import EventLog
import Foundation
import NIOCore
import Projections
import QueryAPI

/// `cxstore export --customer ID`: a customer's history to take away.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every activity of a customer, with its message as stored, as NDJSON (the rights of access and portability).",
        discussion: """
            The same lines as GET /v1/customers/{id}/export: one activity per line as the \
            history API shows it, merged identities included, oldest first, read a page at a \
            time from the read models (safe while serve runs). A customer never seen, or \
            erased, exits 1 having written nothing. See docs/erasure.md.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The customer's id (a merged id answers as the customer it was merged into).", valueName: "id"))
    var customer: String

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() async throws {
        try store.requireReadModels()
        let readModels = try ReadModelStore(layout: store.layout)
        guard let export = try await CustomerExport(customer: customer, store: readModels, through: LogPosition(UInt64(Int64.max))) else {
            StandardError.write("error: no customer \"\(customer)\" in \(store.layout.dataDirectory) (never seen, or erased); nothing was written\n")
            throw ExitCode(1)
        }
        let file: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let opened = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write to \(output)")
            }
            file = opened
        } else {
            file = FileHandle.standardOutput
        }
        defer { if output != nil { try? file.close() } }
        let progress = ProgressLine()
        var bytes = 0
        let activities = try await export.write { page in
            try file.write(contentsOf: page.readableBytesView)
            bytes += page.readableBytes
            progress.update("exporting customer \(export.customerID): \(bytes.formatted) bytes")
        }
        progress.finish()
        let merged = export.customerID == customer ? "" : " (\(customer) was merged into it)"
        StandardError.write("exported \(activities.formatted) activities of customer \(export.customerID)\(merged)\n")
    }
}
