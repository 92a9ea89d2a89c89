import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

/// Forgetting a customer, checked the way an auditor would: every byte of every file of the
/// store directory is searched for what the customer said and was called.
@Suite(.serialized) struct ErasureTests {
    /// A customer with distinctive data: a derived history on their phone number, merged
    /// into their profile id by a later message, in one conversation.
    struct Subject {
        let tag: String
        var customerID: String { "profile-\(tag)" }
        var phone: String { "+4915\(abs(tag.hashValue) % 100_000_000)" }
        var firstName: String { "Ingrid\(tag)" }
        var lastName: String { "Quasthoff-Zylberstein\(tag)" }
        var email: String { "ingrid.\(tag)@beispiel.example" }
        var texts: [String] { (0..<6).map { "Mein Hund Wuschelbart\(tag) hat Fieber, Nachricht \($0)" } }
        /// Everything that must leave the disk.
        var secrets: [String] { [phone, firstName, lastName, email] + texts }
        var messageIDs: [String] { (0..<texts.count).map { "\(tag)-message-\($0)" } }

        /// The messages: the first three from the phone alone (a derived customer), the rest
        /// with the profile id too (which merges the derived history into it).
        func messages() -> [String] {
            texts.indices.map { index in
                let customer =
                    index < 3 ? "" : #""customer": {"_id": "\#(customerID)", "firstName": "\#(firstName)", "lastName": "\#(lastName)"}, "#
                return #"""
                    {"id": "\#(messageIDs[index])", "header": {"sender": {"id": "\#(phone)", "type": "CUSTOMER", "senderName": "\#(firstName) \#(lastName)"},
                    \#(customer)"channelData": {"channelCustomerIdentifier": "\#(phone)", "serviceIdentifier": "1122", "customerFirstName": "\#(firstName)",
                    "customerLastName": "\#(lastName)", "additionalAttributes": [{"key": "email", "type": "String", "value": "\#(email)"}]},
                    "conversationId": "conv-\#(tag)", "channelSessionId": "session-\#(tag)", "timestamp": \#(1_700_000_000_000 + index)},
                    "body": {"type": "PLAIN", "markdownText": "\#(texts[index])"}}
                    """#
            }
        }
    }

    static func post(_ subject: Subject, to client: HTTPTestClient) async throws -> [Int] {
        var positions: [Int] = []
        for message in subject.messages() {
            let response = try await client.postJSON("/ccm/message/receive", message)
            #expect(response.status == 202, "\(response.text)")
            positions.append(response.json["position"] as? Int ?? -1)
        }
        return positions
    }

    /// Polls until no file under `directory` holds any of `secrets`; the seconds it took.
    static func secondsUntilGone(_ secrets: [String], under directory: String, within limit: Duration) async throws -> Double? {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < limit {
            if ByteScan.findings(of: secrets, under: directory).isEmpty {
                let elapsed = (ContinuousClock.now - started).components
                return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return nil
    }

    @Test func anErasedCustomerLeavesNoByteOnDiskWhileIngestGoesOn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        let server = try await ServerProcess(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        let subject = Subject(tag: "e1")
        let bystander = Subject(tag: "keep")
        let positions = try await Self.post(subject, to: client)
        _ = try await Self.post(bystander, to: client)
        let bystanderBefore = try await client.get("/v1/customers/\(bystander.customerID)/activities?minPosition=\(positions.max() ?? 0 + 6)")
        #expect(bystanderBefore.status == 200)

        let load = AcknowledgementLoad()
        let loading = Task { await load.run(baseURL: server.baseURL, prefix: "others", connections: 8) }
        try await load.waitForFirstAcknowledgement()
        let erased = try await client.send("DELETE", "/v1/customers/\(subject.customerID)?reason=ticket-4711")
        #expect(erased.status == 200, "\(erased.text)")
        let counts = try #require(erased.json["erased"] as? [String: Any])
        #expect(counts["records"] as? Int == 6 && counts["activities"] as? Int == 6)
        #expect(counts["identities"] as? Int == 1 && counts["conversations"] as? Int == 1)
        #expect((erased.json["customerIds"] as? [String])?.count == 2, "the derived customer merged into the profile is erased too")
        #expect(erased.json["readModelsErased"] as? Bool == true)

        let seconds = try await Self.secondsUntilGone(subject.secrets, under: directory.path, within: .seconds(90))
        load.stop()
        await loading.value
        #expect(seconds != nil, "still on disk after 90 s: \(ByteScan.findings(of: subject.secrets, under: directory.path).prefix(5))")
        print("erasure: 200 then every byte gone from the store directory in \(seconds ?? -1) s, under ingest of others")

        #expect(try await client.get("/v1/customers/\(subject.customerID)").status == 404)
        #expect(try await client.send("DELETE", "/v1/customers/\(subject.customerID)").status == 410)
        #expect(try await client.send("DELETE", "/v1/customers/nobody-ever").status == 404)
        let audit = try await client.get("/v1/erasures")
        let entries = try #require(audit.json["erasures"] as? [[String: Any]])
        #expect(entries.count == 1 && entries.first?["customerId"] as? String == subject.customerID)
        #expect(entries.first?["reason"] as? String == "ticket-4711" && entries.first?["requestedBy"] as? String != nil)
        let feed = try await client.get("/v1/events?after=\(positions[0] - 1)&limit=1")
        let redacted = try #require((feed.json["events"] as? [[String: Any]])?.first)
        #expect(redacted["messageId"] as? String == subject.messageIDs[0] && redacted["message"] is NSNull)
        #expect(redacted["redactedBy"] as? Int == erased.json["position"] as? Int)

        let redelivered = try await client.postJSON("/ccm/message/receive", subject.messages()[4])
        #expect(redelivered.status == 202 && redelivered.json["duplicate"] as? Bool == true)
        #expect(redelivered.json["position"] as? Int == positions[4])
        let fresh = try await client.postJSON(
            "/ccm/message/receive",
            MessageBuilder().with { $0.identifier = subject.phone }.plain(id: "after-erasure", text: "a new history"))
        let freshPosition = fresh.json["position"] as? Int ?? 0
        let newHistory = try await client.get(
            "/v1/customers?channelCustomerIdentifier=\(subject.phone.replacingOccurrences(of: "+", with: "%2B"))&minPosition=\(freshPosition)")
        let found = try #require(newHistory.json["customers"] as? [[String: Any]])
        #expect(found.count == 1 && found.first?["activityCount"] as? Int == 1)
        let bystanderAfter = try await client.get("/v1/customers/\(bystander.customerID)/activities")
        #expect(bystanderAfter.text == bystanderBefore.text, "the other customer's history changed")

        #expect(await server.terminate() == 0)
        var missing = 0
        let log = try EventLog(directory: layout.logDirectory)
        for (id, position) in load.acknowledgedIDs where try log.position(ofMessageID: id) != LogPosition(position) { missing += 1 }
        #expect(missing == 0 && load.acknowledgedIDs.count > 0, "\(missing) acknowledged ids of other customers lost")
        #expect(try log.verify().isSound)
        await log.close()
        #expect(try await CommandRunner.run(["verify", "--data", directory.path]).status == 0)
        let live = try ReadModelDump.dump(path: layout.projectionsLink)
        #expect(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        #expect(live == (try ReadModelDump.dump(path: layout.projectionsLink)), "a rebuild after the erasure differs from the live read models")
        // The phone number came back with the new history posted after the erasure; the rest must not.
        #expect(ByteScan.findings(of: subject.secrets.filter { $0 != subject.phone }, under: directory.path) == [])
        #expect(!ByteScan.findings(of: bystander.secrets, under: directory.path).isEmpty, "the scan finds data that is there")
    }

    /// SIGKILL at several moments of an erasure (before it, inside it, while the bytes are
    /// being overwritten): after a restart the customer is either wholly there (every
    /// record and row, no audit entry) or wholly gone (404, audited, and within 90 s no byte
    /// left on disk); `verify` passes and a rebuild equals the live read models.
    @Test func aSIGKILLMidErasureLeavesTheCustomerWhollyThereOrWhollyGone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        var outcomes: [String] = []
        for (cycle, delay) in [nil, 0, 2, 5, 10, 25].enumerated() {
            let server = try await ServerProcess(dataDirectory: directory.path)
            let client = HTTPTestClient(baseURL: server.baseURL)
            let subject = Subject(tag: "k\(cycle)")
            let positions = try await Self.post(subject, to: client)
            let ready = try await client.get("/v1/customers/\(subject.customerID)?minPosition=\(positions.max() ?? 0)")
            #expect(ready.status == 200)
            let deleting = Task { try? await client.send("DELETE", "/v1/customers/\(subject.customerID)") }
            if let delay {
                try await Task.sleep(for: .milliseconds(delay))
            } else {
                // After the answer: the log file may still be being overwritten.
                #expect(await deleting.value?.status == 200)
            }
            server.kill()
            _ = await deleting.value

            let restarted = try await ServerProcess(dataDirectory: directory.path)
            let again = HTTPTestClient(baseURL: restarted.baseURL)
            let head = try #require(try await again.get("/healthz").json["logHead"] as? Int)
            let audit = try await again.get("/v1/erasures?minPosition=\(head)")
            let erased = (audit.json["erasures"] as? [[String: Any]] ?? []).contains { $0["customerId"] as? String == subject.customerID }
            if erased {
                outcomes.append("erased")
                #expect(try await again.get("/v1/customers/\(subject.customerID)").status == 404)
                let seconds = try await Self.secondsUntilGone(subject.secrets, under: directory.path, within: .seconds(90))
                #expect(
                    seconds != nil,
                    "cycle \(cycle): still on disk 90 s after the restart: \(ByteScan.findings(of: subject.secrets, under: directory.path).prefix(4))"
                )
            } else {
                outcomes.append("untouched")
                let timeline = try await again.get("/v1/customers/\(subject.customerID)/activities")
                #expect((timeline.json["activities"] as? [[String: Any]])?.count == 6, "cycle \(cycle): half-erased: \(timeline.text)")
                let feed = try await again.get("/v1/events?after=\(positions[0] - 1)&limit=6")
                let messages = (feed.json["events"] as? [[String: Any]] ?? []).filter { $0["message"] is [String: Any] }
                #expect(messages.count == 6, "cycle \(cycle): a record was redacted without the erasure")
            }
            #expect(await restarted.terminate() == 0)
        }
        print("SIGKILL mid-erasure: \(outcomes)")
        #expect(outcomes.contains("erased"))
        #expect(try await CommandRunner.run(["verify", "--data", directory.path]).status == 0)
        let live = try ReadModelDump.dump(path: layout.projectionsLink)
        #expect(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        #expect(live == (try ReadModelDump.dump(path: layout.projectionsLink)))
    }

    /// `cxstore erase` hands the erasure to the running serve, and does it alone otherwise.
    @Test func theCommandErasesThroughARunningServeAndAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await ServerProcess(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        let first = Subject(tag: "c1")
        let second = Subject(tag: "c2")
        let positions = try await Self.post(first, to: client) + (try await Self.post(second, to: client))
        #expect(try await client.get("/v1/customers/\(second.customerID)?minPosition=\(positions.max() ?? 0)").status == 200)

        let handed = try await CommandRunner.run(["erase", "--data", directory.path, "--customer", first.customerID, "--reason", "ticket-1"])
        #expect(handed.status == 0, "\(handed.standardError)")
        #expect(handed.standardError.contains("handing the erasure to it"))
        #expect(handed.standardOutput.contains("\"records\" : 6"))
        #expect(try await client.get("/v1/customers/\(first.customerID)").status == 404)
        let audit = try await client.get("/v1/erasures")
        #expect(
            (audit.json["erasures"] as? [[String: Any]])?.first?["requestedBy"] as? String == "cli:"
                + (ProcessInfo.processInfo.environment["USER"] ?? "unknown"))
        #expect(await server.terminate() == 0)

        let alone = try await CommandRunner.run(["erase", "--data", directory.path, "--customer", second.customerID])
        #expect(alone.status == 0, "\(alone.standardError)")
        #expect(ByteScan.findings(of: first.secrets + second.secrets, under: directory.path) == [])
        let unknown = try await CommandRunner.run(["erase", "--data", directory.path, "--customer", "nobody"])
        #expect(unknown.status == 1 && unknown.standardError.contains("404"))
        let twice = try await CommandRunner.run(["erase", "--data", directory.path, "--customer", second.customerID])
        #expect(twice.status == 1 && twice.standardError.contains("410"))
    }

    /// A backup taken before an erasure, restored with the ledger, does not bring the
    /// customer back; restore refuses to run without a ledger unless told.
    @Test func aRestoredBackupTakenBeforeAnErasureDoesNotBringTheCustomerBack() async throws {
        let directory = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        defer {
            directory.remove()
            elsewhere.remove()
        }
        let layout = StoreLayout(dataDirectory: directory.path)
        let server = try await ServerProcess(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        let subject = Subject(tag: "b1")
        let positions = try await Self.post(subject, to: client)
        #expect(try await client.get("/v1/customers/\(subject.customerID)?minPosition=\(positions.max() ?? 0)").status == 200)
        let backup = elsewhere.path + "/backup"
        #expect(try await CommandRunner.run(["backup", "--data", directory.path, "--to", backup]).status == 0)
        #expect(try await client.send("DELETE", "/v1/customers/\(subject.customerID)").status == 200)
        #expect(await server.terminate() == 0)
        #expect(!ByteScan.findings(of: subject.secrets, under: backup).isEmpty, "the backup holds the customer (the reason for the ledger)")

        let refused = try await CommandRunner.run(["restore", "--from", backup, "--data", elsewhere.path + "/refused"])
        #expect(refused.status != 0 && refused.standardError.contains("--ledger"))
        let restoredPath = elsewhere.path + "/restored"
        let restored = try await CommandRunner.run(["restore", "--from", backup, "--data", restoredPath, "--ledger", layout.erasureLedgerFile])
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(restored.standardOutput.contains("re-applied erasure"))
        #expect(ByteScan.findings(of: subject.secrets, under: restoredPath) == [])
        #expect(try await CommandRunner.run(["verify", "--data", restoredPath]).status == 0)

        let serving = try await ServerProcess(dataDirectory: restoredPath)
        let again = HTTPTestClient(baseURL: serving.baseURL)
        #expect(try await again.get("/v1/customers/\(subject.customerID)").status == 404)
        let audit = try await again.get("/v1/erasures")
        #expect((audit.json["erasures"] as? [[String: Any]])?.first?["customerId"] as? String == subject.customerID)
        #expect(await serving.terminate() == 0)
    }
}
