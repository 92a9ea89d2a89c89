import ArgumentParser
import CIM
import EventLog
import Projections
import QueryAPI

/// `cxstore demo`: appends a realistic, reproducible history through the ingest path.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append a realistic demo history (customers, chats, IVR calls, wrap-ups, third-party activities).",
        discussion: """
            Every message goes through the same validation and normalization as \
            POST /ccm/message/receive (or /conversation-manager/activities). The same seed gives \
            the same messages and ids, so a second run appends nothing. serve projects them.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "How many customers.")
    var customers: Int = 50

    @Option(help: "The seed of the generator.")
    var seed: UInt64 = 42

    func validate() throws {
        guard customers > 0 else { throw ValidationError("--customers must be at least 1") }
    }

    func run() async throws {
        var history = DemoHistory(customers: customers, seed: seed)
        let messages = history.messages()
        let log = try EventLog(directory: store.layout.logDirectory)
        let ingestor = Ingestor(log: log)
        var appended = 0
        var duplicates = 0
        do {
            for chunk in stride(from: 0, to: messages.count, by: 1000) {
                let events = try messages[chunk..<min(chunk + 1000, messages.count)].map { message in
                    try ingestor.prepare(Array(message.json.utf8), origin: message.origin).event
                }
                for outcome in try await log.append(contentsOf: events) {
                    if try outcome.get().duplicate { duplicates += 1 } else { appended += 1 }
                }
            }
        } catch {
            await log.close()
            throw error
        }
        await log.close()
        print(
            "demo: \(customers.formatted) customers, \(messages.count.formatted) messages: \(appended.formatted) appended, \(duplicates.formatted) already there"
        )
    }
}
