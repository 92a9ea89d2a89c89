import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

@Suite struct CommandLineTests {
    private func ndjson(_ lines: [String]) -> [UInt8] {
        Array(lines.joined(separator: "\n").utf8)
    }

    private func compact(_ json: String) -> String {
        json.replacingOccurrences(of: "\n", with: " ")
    }

    @Test func importAppendsGoodLinesAndReportsEachBadOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/messages.ndjson"
        let lines = [
            compact(CIMFixtures.plainMessage(id: "m-1")),
            "",
            "{\"id\": \"broken\",",
            compact(CIMFixtures.plainMessage(id: "m-2")),
            compact(CIMFixtures.plainMessage(id: "m-1")),
            compact(CIMFixtures.plainMessage(id: "m-2", text: "changed")),
            #"{"id": "m-3", "header": {"channelData": {"channelCustomerIdentifier": "+41"}}, "body": {"type": "PLAIN"}}"#,
            compact(CIMFixtures.plainMessage(id: "m-4")),
        ]
        try Data(ndjson(lines)).write(to: URL(fileURLWithPath: file))

        let outcome = try await CommandRunner.run(["import", "--data", directory.path, file])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("line 3: malformed JSON"))
        #expect(outcome.standardError.contains("line 6: id: is already used by the event at position 2"))
        #expect(outcome.standardError.contains("line 7: header.sender: is required"))
        #expect(outcome.standardError.contains("8 lines, 3 appended, 1 duplicates, 3 rejected"))

        let again = try await CommandRunner.run(["import", "--data", directory.path, "-"], input: ndjson(lines))
        #expect(again.standardError.contains("8 lines, 0 appended, 4 duplicates, 3 rejected"))

        let log = try EventLog(directory: StoreLayout(dataDirectory: directory.path).logDirectory)
        #expect(try log.read(after: .start, limit: 10).map(\.messageID) == ["m-1", "m-2", "m-4"])
        await log.close()
    }

    @Test func importOfOnlyGoodLinesExitsZero() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (1...250).map { compact(CIMFixtures.plainMessage(id: "g-\($0)")) }
        let outcome = try await CommandRunner.run(["import", "--data", directory.path, "--batch-size", "100", "-"], input: ndjson(lines))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("250 lines, 250 appended, 0 duplicates, 0 rejected"))
    }

    /// Lines are validated by several workers while the batch before is appended; the log
    /// still holds them in file order, and the refusals are listed in line order.
    @Test func importInParallelKeepsFileOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (1...200).map { number in
            number % 17 == 0 ? "{\"id\": \"bad-\(number)\"" : compact(CIMFixtures.plainMessage(id: "p-\(number)"))
        }
        let outcome = try await CommandRunner.run(
            ["import", "--data", directory.path, "--batch-size", "9", "--workers", "3", "-"], input: ndjson(lines))
        #expect(outcome.status == 1)
        let refused = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("line ") }.map {
            Int($0.dropFirst("line ".count).prefix { $0 != ":" })
        }
        #expect(refused == (1...200).filter { $0 % 17 == 0 })
        #expect(outcome.standardError.contains("200 lines, 189 appended, 0 duplicates, 11 rejected"))

        let log = try EventLog(directory: StoreLayout(dataDirectory: directory.path).logDirectory)
        #expect(try log.read(after: .start, limit: 300).map(\.messageID) == (1...200).filter { $0 % 17 != 0 }.map { "p-\($0)" })
        await log.close()
    }

    /// The load scripts post `demo --ndjson` lines: each must be one complete CIM message,
    /// and the file must not touch the store.
    @Test func demoWritesItsMessagesAsNDJSONThatImportAcceptsWhole() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path + "/demo.ndjson"
        let written = try await CommandRunner.run(["demo", "--data", directory.path + "/unused", "--customers", "30", "--ndjson", file])
        #expect(written.status == 0, "\(written.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/unused"))
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 300)
        #expect(written.standardOutput.contains("\(lines.count) CIM messages"))

        let imported = try await CommandRunner.run(["import", "--data", directory.path + "/store", file])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardError.contains("\(lines.count) lines, \(lines.count) appended, 0 duplicates, 0 rejected"))
    }

    @Test func verifyPassesOnASoundLogAndNamesTheDamagedPosition() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = (1...5).map { compact(CIMFixtures.plainMessage(id: "v-\($0)", text: $0 == 4 ? "DAMAGE-ME" : "fine \($0)")) }
        _ = try await CommandRunner.run(["import", "--data", directory.path, "-"], input: ndjson(lines))

        let sound = try await CommandRunner.run(["verify", "--data", directory.path])
        #expect(sound.status == 0)
        #expect(sound.standardOutput.contains("OK: 5 events"))

        try LogDamage.overwrite(marker: "DAMAGE-ME", inLogDirectory: StoreLayout(dataDirectory: directory.path).logDirectory, with: UInt8(ascii: "X"))

        let damaged = try await CommandRunner.run(["verify", "--data", directory.path])
        #expect(damaged.status == 1)
        #expect(damaged.standardOutput.contains("position 4: record 4 fails its checksum"))
    }

    /// An operator's typo must not get a new empty store and an all-clear: the commands that
    /// read or maintain a store refuse a directory without one, exit 1 and create nothing.
    @Test func commandsThatNeedAStoreRefuseADirectoryWithoutOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let typo = directory.path + "/tpyo"
        for command in [["verify"], ["rebuild"], ["sql", "SELECT 1"], ["credentials", "list"], ["credentials", "revoke", "--account", "a"]] {
            let outcome = try await CommandRunner.run(command + ["--data", typo])
            #expect(outcome.status == 1, "\(command)")
            #expect(outcome.standardError.contains("no store at \(typo)"), "\(command): \(outcome.standardError)")
            #expect(!outcome.standardOutput.contains("OK"), "\(command)")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(command) created \(typo)")
        }

        _ = try await CommandRunner.run(["import", "--data", typo, "-"], input: Array(compact(CIMFixtures.plainMessage(id: "m-1")).utf8))
        let noReadModels = try await CommandRunner.run(["sql", "--data", typo, "SELECT 1"])
        #expect(noReadModels.status == 1)
        #expect(noReadModels.standardError.contains("has no read models yet"))
        #expect(try await CommandRunner.run(["verify", "--data", typo]).standardOutput.contains("OK: 1 events"))
        #expect(try await CommandRunner.run(["rebuild", "--data", typo]).status == 0)
        #expect(try await CommandRunner.run(["sql", "--data", typo, "SELECT count(*) AS n FROM activities"]).standardOutput.contains("1"))

        let credentialsOnly = directory.path + "/before-first-serve"
        #expect(try await CommandRunner.run(["credentials", "add", "--data", credentialsOnly, "--account", "ops", "--scopes", "read"]).status == 0)
        #expect(try await CommandRunner.run(["credentials", "list", "--data", credentialsOnly]).standardOutput.contains("ops"))
    }

    @Test func everyCommandHasHelp() async throws {
        for command in [[], ["serve"], ["import"], ["demo"], ["verify"], ["rebuild"], ["sql"]] {
            let outcome = try await CommandRunner.run(command + ["--help"])
            #expect(outcome.status == 0)
            #expect(outcome.standardOutput.contains("USAGE"), "\(command)")
        }
    }
}
