import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct BackupTests {
    /// `cxstore backup` while `serve` takes writes: the copy verifies, holds every event
    /// acknowledged before the backup began, and serves (its read models catch up with its log).
    @Test func backupTakenDuringIngestVerifiesAndServes() async throws {
        let directory = try TemporaryDirectory()
        let backup = try TemporaryDirectory()
        defer {
            directory.remove()
            backup.remove()
        }
        let server = try await ServerProcess(dataDirectory: directory.path)
        let load = AcknowledgementLoad()
        let running = Task { await load.run(baseURL: server.baseURL, prefix: "b", connections: 8) }
        try await load.waitForAcknowledgements(300)
        let beforeBackup = load.acknowledgedIDs
        let outcome = try await CommandRunner.run(["backup", "--data", directory.path, "--to", backup.path + "/copy"])
        try await load.waitForAcknowledgements(beforeBackup.count + 100)
        let sinceBackupBegan = load.acknowledgedIDs.count - beforeBackup.count
        load.stop()
        await running.value
        #expect(await server.terminate() == 0)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("backed up to"))
        #expect(outcome.standardError.contains("read models:"), "no progress line: \(outcome.standardError)")
        #expect(sinceBackupBegan >= 100, "ingest did not go on while and after the backup ran")

        let copy = backup.path + "/copy"
        let verified = try await CommandRunner.run(["verify", "--data", copy])
        #expect(verified.status == 0, "\(verified.standardOutput)")
        let log = try EventLog(directory: StoreLayout(dataDirectory: copy).logDirectory)
        var missing: [String] = []
        for (id, position) in beforeBackup where try log.position(ofMessageID: id) != LogPosition(position) {
            missing.append(id)
        }
        let head = log.head
        await log.close()
        #expect(missing.isEmpty, "\(missing.count) acknowledged ids are not in the backup, e.g. \(missing.prefix(3))")

        let restored = try await ServerProcess(dataDirectory: copy)
        let client = HTTPTestClient(baseURL: restored.baseURL)
        let caughtUp = try await client.get("/v1/customers?channelCustomerIdentifier=%2B41790000001&minPosition=\(head.rawValue)")
        #expect(caughtUp.status == 200)
        let write = try await client.postJSON("/ccm/message/receive", CIMFixtures.sizedMessage(id: "after-restore"))
        #expect(write.json["position"] as? Int == Int(head.rawValue) + 1)
        #expect(await restored.terminate() == 0)
    }

    /// A backup never writes into a directory that holds something.
    @Test func backupRefusesADirectoryThatIsNotEmpty() async throws {
        let directory = try TemporaryDirectory()
        let target = try TemporaryDirectory()
        defer {
            directory.remove()
            target.remove()
        }
        #expect(try await CommandRunner.run(["demo", "--data", directory.path, "--customers", "2"]).status == 0)
        #expect(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target.path + "/precious.txt"))
        let outcome = try await CommandRunner.run(["backup", "--data", directory.path, "--to", target.path])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["precious.txt"])
    }
}
