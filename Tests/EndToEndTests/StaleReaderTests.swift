import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

@Suite struct StaleReaderTests {
    @Test func aReaderLeftByAKilledProcessIsClearedAtTheNextOpen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        let log = try EventLog(directory: layout.logDirectory)
        let payload = Array(String(repeating: "p", count: 900).utf8)
        for batch in 0..<40 {
            let events = (0..<5000).map { index in
                NewEvent(
                    messageID: "s-\(batch)-\(index)",
                    type: "CUSTOMER_MESSAGE",
                    occurredAt: 0,
                    recordedAt: 0,
                    routingKeys: RoutingKeys(customerID: "c"),
                    contentDigest: [UInt8](repeating: UInt8(index % 256), count: 32),
                    payload: payload
                )
            }
            _ = try await log.append(contentsOf: events)
        }
        await log.close()

        // A running server keeps the environment open, so LMDB cannot simply reset its
        // reader table when the next process opens it: the dead reader's slot stays until
        // someone checks. `verify` holds one read transaction for its whole scan.
        let server = try await ServerProcess(dataDirectory: directory.path)
        // Its first progress line comes from inside that transaction: kill it then (a fixed
        // pause once killed it before it had opened one, on a busy machine).
        let progress = directory.path + "/verify.err"
        let verifier = try ChildProcess(
            executable: ServerProcess.executablePath, arguments: ["verify", "--data", directory.path], standardError: .file(progress))
        let deadline = ContinuousClock.now + .seconds(30)
        while verifier.isRunning, ContinuousClock.now < deadline,
            (try? String(contentsOfFile: progress, encoding: .utf8))?.contains("verifying:") != true
        {
            try await Task.sleep(for: .milliseconds(10))
        }
        let stillReading = verifier.isRunning
        verifier.send(SIGKILL)
        verifier.waitUntilExit()
        try #require(stillReading, "verify finished before it could be killed; the log is too small for this machine")

        let reopened = try EventLog(directory: layout.logDirectory)
        #expect(reopened.clearedStaleReaders >= 1)
        #expect(reopened.head == 200_000)
        await reopened.close()
        #expect(await server.terminate() == 0)
    }
}
