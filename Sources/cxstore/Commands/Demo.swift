import ArgumentParser
import CIM
import EventLog
import Foundation
import Ingest

/// `cxstore demo`: appends a realistic, reproducible history through the ingest path.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append a realistic demo history (customers, chats, IVR calls, wrap-ups, third-party activities).",
        discussion: """
            Every message goes through the same validation and normalization as \
            POST /ccm/message/receive (or /conversation-manager/activities). The same seed gives \
            the same messages and ids, so a second run appends nothing. serve projects them.

            With --ndjson FILE it writes the CIM messages (one per line, third-party activities \
            left out) instead, for `cxstore import` or the load scripts in Benchmarks/.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "How many customers.")
    var customers: Int = 50

    @Option(help: "The seed of the generator.")
    var seed: UInt64 = 42

    @Option(help: "Write the CIM messages to this file as NDJSON instead of appending them.")
    var ndjson: String?

    func validate() throws {
        guard customers > 0 else { throw ValidationError("--customers must be at least 1") }
    }

    func run() async throws {
        if let ndjson {
            try write(to: ndjson)
            return
        }
        var history = DemoHistory(seed: seed)
        let log = try EventLog(directory: store.layout.logDirectory)
        let preparer = MessagePreparer()
        var tally = (messages: 0, appended: 0, duplicates: 0)
        var pending: [NewEvent] = []
        func flush() async throws {
            for outcome in try await log.append(contentsOf: pending) {
                if try outcome.get().duplicate { tally.duplicates += 1 } else { tally.appended += 1 }
            }
            pending.removeAll(keepingCapacity: true)
        }
        do {
            for customer in 0..<customers {
                for message in history.messages(forCustomer: customer) {
                    pending.append(try preparer.prepare(Array(message.json.utf8), origin: message.origin).event)
                    tally.messages += 1
                }
                if pending.count >= 1000 { try await flush() }
            }
            try await flush()
        } catch {
            await log.close()
            throw error
        }
        await log.close()
        print(
            "demo: \(customers.formatted) customers, \(tally.messages.formatted) messages: "
                + "\(tally.appended.formatted) appended, \(tally.duplicates.formatted) already there"
        )
    }

    /// Writes the history's CIM messages, one per line.
    private func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot create \(path)")
        }
        defer { try? file.close() }
        var history = DemoHistory(seed: seed)
        var written = 0
        var buffer = Data()
        for customer in 0..<customers {
            for message in history.messages(forCustomer: customer) where message.origin == .cimMessage {
                buffer.append(contentsOf: try JSONParser().parse(Array(message.json.utf8)).compactText.utf8)
                buffer.append(UInt8(ascii: "\n"))
                written += 1
            }
            if buffer.count >= 1 << 20 {
                try file.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try file.write(contentsOf: buffer)
        print("demo: \(customers.formatted) customers, \(written.formatted) CIM messages written to \(path)")
    }
}
