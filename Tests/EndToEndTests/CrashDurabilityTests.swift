import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

@Suite(.serialized) struct CrashDurabilityTests {
    /// Kill cycles of the campaign: 4 in the test suite; `scripts/crash-campaign.sh` runs
    /// more through `CX_CRASH_CYCLES`.
    static let crashCycles = ProcessInfo.processInfo.environment["CX_CRASH_CYCLES"].flatMap(Int.init) ?? 4

    /// SIGKILL under HTTP load, cycle after cycle: every acknowledged id is at the position
    /// its 202 named, no id is in the log twice, `verify` passes, and the projections a
    /// restarted server converges to are the rows of a rebuild.
    @Test func everyAcknowledgedIDSurvivesSIGKILLMidLoad() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        var acknowledged: [String: UInt64] = [:]
        for cycle in 0..<Self.crashCycles {
            let server = try await ServerProcess(dataDirectory: directory.path)
            let load = AcknowledgementLoad()
            let running = Task { await load.run(baseURL: server.baseURL, prefix: "cycle\(cycle)", connections: 32) }
            try await load.waitForFirstAcknowledgement()
            try await Task.sleep(for: .milliseconds(200 + 150 * (cycle % 5)))
            server.kill()
            await running.value
            let cycleAcks = load.acknowledgedIDs
            #expect(cycleAcks.count > 0, "cycle \(cycle) acknowledged nothing before the kill")
            #expect(load.refusedStatuses.isEmpty, "cycle \(cycle) was refused: \(load.refusedStatuses.prefix(5))")
            acknowledged.merge(cycleAcks) { old, _ in old }
        }

        let log = try EventLog(directory: StoreLayout(dataDirectory: directory.path).logDirectory)
        let report = try log.verify()
        #expect(report.isSound, "\(report.problems.prefix(5))")
        var missing: [String] = []
        for (id, position) in acknowledged where try log.position(ofMessageID: id) != LogPosition(position) {
            missing.append(id)
        }
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledged.count) acknowledged ids lost or moved, e.g. \(missing.prefix(3))")
        #expect(report.eventCount >= UInt64(acknowledged.count))
        let events = try log.read(after: .start, limit: Int(report.eventCount))
        #expect(Set(events.map(\.messageID)).count == events.count, "an id appears twice in the log")
        await log.close()

        let server = try await ServerProcess(dataDirectory: directory.path)
        let head = report.eventCount
        let caughtUp = try await HTTPTestClient(baseURL: server.baseURL).get(
            "/v1/customers?channelCustomerIdentifier=%2B41790000001&minPosition=\(head)")
        #expect(Int(caughtUp.headers["cx-applied-position"] ?? "") ?? 0 >= head)
        #expect(await server.terminate() == 0)
        let live = try ReadModelDump.dump(path: layout.projectionsLink)
        #expect(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        #expect(live == (try ReadModelDump.dump(path: layout.projectionsLink)), "the projections after the kills differ from a rebuild")
        print(
            "crash campaign: \(Self.crashCycles) SIGKILL cycles, \(acknowledged.count) acknowledged, \(missing.count) lost, "
                + "\(events.count - Set(events.map(\.messageID)).count) duplicated, \(report.eventCount) events verified")
    }

    /// SIGKILL under load on three tenants of one server at once: in each, every acknowledged
    /// id is at the position its 202 named and `verify` passes.
    @Test func everyTenantKeepsEveryAcknowledgedIDThroughSIGKILL() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tenants = StoreTenants(root: directory.path)
        let names = [TenantName.default, TenantName("acme")!, TenantName("globex")!]
        for name in names where name != .default { try tenants.add(name) }
        var acknowledged: [TenantName: [String: UInt64]] = [:]
        for cycle in 0..<2 {
            let server = try await ServerProcess(dataDirectory: directory.path)
            let loads = names.map { _ in AcknowledgementLoad() }
            let running = Task {
                await withTaskGroup(of: Void.self) { group in
                    for (name, load) in zip(names, loads) {
                        group.addTask {
                            await load.run(
                                baseURL: server.baseURL, prefix: "\(name)-\(cycle)", connections: 8, headers: [("CX-Tenant", name.rawValue)])
                        }
                    }
                }
            }
            for load in loads { try await load.waitForAcknowledgements(20) }
            try await Task.sleep(for: .milliseconds(300))
            server.kill()
            await running.value
            for (name, load) in zip(names, loads) {
                #expect(load.acknowledgedIDs.count >= 20, "tenant \(name) acknowledged \(load.acknowledgedIDs.count) in cycle \(cycle)")
                #expect(load.refusedStatuses.isEmpty, "tenant \(name) was refused: \(load.refusedStatuses.prefix(5))")
                acknowledged[name, default: [:]].merge(load.acknowledgedIDs) { old, _ in old }
            }
        }
        for name in names {
            let log = try EventLog(directory: tenants.layout(of: name).logDirectory)
            let report = try log.verify()
            #expect(report.isSound, "tenant \(name): \(report.problems.prefix(5))")
            let ids = acknowledged[name] ?? [:]
            let missing = try ids.filter { id, position in try log.position(ofMessageID: id) != LogPosition(position) }
            #expect(missing.isEmpty, "tenant \(name): \(missing.count) of \(ids.count) acknowledged ids lost or moved")
            let others = try log.read(after: .start, limit: Int(report.eventCount)).filter { !$0.messageID.hasPrefix("\(name)-") }
            #expect(others.isEmpty, "tenant \(name)'s log holds \(others.count) events of another tenant")
            await log.close()
            let verified = try await CommandRunner.run(["verify", "--data", directory.path, "--tenant", name.rawValue])
            #expect(verified.status == 0, "cxstore verify --tenant \(name): \(verified.standardError)")
        }
    }

    @Test func projectionsKilledMidBatchResumeToTheRowsOfARebuild() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let layout = StoreLayout(dataDirectory: directory.path)
        for cycle in 0..<3 {
            let server = try await ServerProcess(dataDirectory: directory.path)
            let load = AcknowledgementLoad()
            let running = Task { await load.run(baseURL: server.baseURL, prefix: "p\(cycle)", connections: 16) }
            try await Task.sleep(for: .milliseconds(500))
            server.kill()
            await running.value
        }
        let server = try await ServerProcess(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        let head = try #require(try await client.get("/healthz").json["logHead"] as? Int)
        let caughtUp = try await client.get("/v1/customers?channelCustomerIdentifier=%2B41790000001&minPosition=\(head)")
        #expect(caughtUp.status == 200)
        #expect(Int(caughtUp.headers["cx-applied-position"] ?? "") ?? 0 >= head)
        #expect(await server.terminate() == 0)
        let live = try ReadModelDump.dump(path: layout.projectionsLink)

        #expect(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        let rebuilt = try ReadModelDump.dump(path: layout.projectionsLink)
        #expect(live.split(separator: "\n").count > head)
        #expect(live == rebuilt, "the projections after three kills differ from a rebuild of the same log")
    }

    @Test func anAcknowledgedMessageRepostedAfterACrashIsADuplicate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try await ServerProcess(dataDirectory: directory.path)
        let posted = try await HTTPTestClient(baseURL: first.baseURL).postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "once"))
        #expect(posted.status == 202)
        first.kill()

        let second = try await ServerProcess(dataDirectory: directory.path)
        let again = try await HTTPTestClient(baseURL: second.baseURL).postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "once"))
        #expect(again.text == #"{"id":"once","position":1,"duplicate":true}"#)
        #expect(await second.terminate() == 0)
    }

    @Test func sigtermDrainsInFlightAppendsAndExitsZero() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await ServerProcess(dataDirectory: directory.path)
        let load = AcknowledgementLoad()
        let running = Task { await load.run(baseURL: server.baseURL, prefix: "term", connections: 16) }
        try await Task.sleep(for: .milliseconds(400))
        #expect(await server.terminate() == 0)
        await running.value

        let acknowledged = load.acknowledgedIDs
        #expect(acknowledged.count > 0)
        let log = try EventLog(directory: StoreLayout(dataDirectory: directory.path).logDirectory)
        for (id, position) in acknowledged {
            #expect(try log.position(ofMessageID: id) == LogPosition(position), "\(id)")
        }
        #expect(try log.verify().isSound)
        await log.close()
    }
}
