import AsyncHTTPClient
import EventLog
import Foundation
import NIOCore
import NIOHTTP1
import Projections
import QueryAPI
import StoreTesting
import Synchronization
import Testing

/// Live streams are bounded per tenant and per credential (`429` beyond), and a flood of
/// streams resuming from the start of the log is backfilled a page at a time, so that the
/// server keeps answering while it lasts. A stream's place is given back when it ends; the
/// server notices a client gone at the next heartbeat, so these tests send them often.
@Suite(.serialized) struct StreamLimitTests {
    private static func basic(_ account: String, _ token: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(account):\(token)".utf8).base64EncodedString())
    }

    /// The flood that once stalled the server: 1,000 raw-log streams from position 0 opened at
    /// once, with no credentials, on a log worth backfilling (5,000 events).
    @Test func aThousandStreamsFromTheStartAreBoundedAndTheServerKeepsAnswering() async throws {
        let limits = { (configuration: inout StoreApplication.Configuration) in
            configuration.streamLimits = StreamLimits(perCredential: 256, perTenant: 500)
            configuration.heartbeatInterval = .milliseconds(500)
        }
        try await withServer(configure: limits) { client, server in
            for round in 0..<50 {
                let lines = (0..<100).map { CIMFixtures.plainMessage(id: "flood-\(round)-\($0)").replacingOccurrences(of: "\n", with: "") }
                let response = try await client.postJSON(
                    "/ccm/message/receive/batch", lines.joined(separator: "\n"), contentType: "application/x-ndjson")
                #expect(response.status == 200 || response.status == 202, "\(response.text.prefix(200))")
            }
            #expect(server.log.head == 5_000)

            let streamClient = HTTPTestClient.makeClient(connections: 1100)
            let flooding = Atomic(true)
            let health = Task {
                var answers: [Int] = []
                while flooding.load(ordering: .relaxed) {
                    let status = (try? await client.send("GET", "/healthz", timeout: .seconds(3)))?.status ?? 0
                    answers.append(status)
                    try? await Task.sleep(for: .milliseconds(100))
                }
                return answers
            }
            let url = server.baseURL + "/v1/events/stream?after=0"
            let holders = Task {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<1000 { group.addTask { try await Self.hold(url, client: streamClient, for: .seconds(6)) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            let full = try await eventually(timeout: .seconds(60)) { try await Self.openStreams(client) == 500 }
            let refused = try await Self.refusal(url, headers: [])
            let statuses = try await holders.value
            flooding.store(false, ordering: .relaxed)
            let answers = await health.value
            try await streamClient.shutdown()

            #expect(full, "the flood never held 500 streams open")
            // Streams that ended gave their places to later ones, so a few more than 500 may
            // have been admitted in all; never more than 500 at once (`full`, then `refused`).
            let (admitted, turnedAway) = (statuses.filter { $0 == 200 }.count, statuses.filter { $0 == 429 }.count)
            #expect(admitted + turnedAway == 1000, "other answers: \(statuses.filter { $0 != 200 && $0 != 429 })")
            #expect(admitted >= 500 && turnedAway >= 400, "admitted \(admitted), refused \(turnedAway)")
            #expect(refused?.status == 429, "a stream past the limit was admitted")
            #expect(refused?.headers["retry-after"] == "5")
            #expect((refused?.json["detail"] as? String)?.contains("500 live streams") == true, "\(refused?.text ?? "")")
            #expect(answers.count >= 10, "/healthz was asked only \(answers.count) times during the flood")
            #expect(answers.allSatisfy { $0 == 200 }, "/healthz during the flood (0: no answer within 3 s): \(answers)")

            let reopened = try await eventually(timeout: .seconds(20)) {
                try await EventStreamReader.read(url, timeout: .seconds(5)) { $0.events.count >= 1 }.status == 200
            }
            #expect(reopened, "the streams' places were not given back when they closed")
        }
    }

    /// Opens a stream and reads its bytes (without parsing them: the server, not this test
    /// process, is under test) for `duration`; the status it got.
    private static func hold(_ url: String, client: HTTPClient, for duration: Duration) async throws -> Int {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        guard response.status == .ok else { return Int(response.status.code) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for try await _ in response.body {} }
            group.addTask { try await Task.sleep(for: duration) }
            defer { group.cancelAll() }
            try await group.next()
        }
        return 200
    }

    /// The answer to a stream request that is refused; `nil` for a stream admitted (which
    /// would never end: it is dropped unread).
    private static func refusal(_ url: String, headers: [(String, String)]) async throws -> HTTPTestClient.Response? {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        guard response.status != .ok else { return nil }
        var body = try await response.body.collect(upTo: 1 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return HTTPTestClient.Response(status: Int(response.status.code), headers: fields, body: body.readBytes(length: body.readableBytes) ?? [])
    }

    /// The open streams `/metrics` counts.
    private static func openStreams(_ client: HTTPTestClient) async throws -> Int? {
        let text = try await client.get("/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix("cxstore_live_streams_open_streams") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }.map { Int($0) }
    }

    @Test func aCredentialHoldsAtMostItsLimitOfStreamsAndOthersAreNotHeldBack() async throws {
        let limits = { (configuration: inout StoreApplication.Configuration) in
            configuration.streamLimits = StreamLimits(perCredential: 2, perTenant: 100)
            configuration.heartbeatInterval = .milliseconds(200)
        }
        try await withServer(configure: limits) { client, server in
            let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
            let first = Self.basic("first", try file.add(account: "first", scopes: [.read], now: 1).token)
            let second = Self.basic("second", try file.add(account: "second", scopes: [.read], now: 2).token)
            try await Task.sleep(for: .milliseconds(1100))
            let url = server.baseURL + "/v1/events/stream"
            let holders = (0..<2).map { _ in
                Task { try await EventStreamReader.read(url, headers: [first], timeout: .seconds(15)) { _ in false } }
            }
            let full = try await eventually(timeout: .seconds(30)) {
                try await EventStreamReader.read(url, headers: [first], timeout: .seconds(10)) { _ in true }.status == 429
            }
            #expect(full, "a third stream of the credential was admitted")
            let refused = try await Self.refusal(url, headers: [first])
            #expect(refused?.status == 429, "a third stream of the credential was admitted")
            #expect(refused?.headers["retry-after"] == "5")
            #expect((refused?.json["detail"] as? String)?.contains("this credential has 2 live streams open") == true, "\(refused?.text ?? "")")
            let other = try await EventStreamReader.read(url, headers: [second], timeout: .seconds(10)) { _ in true }
            #expect(other.status == 200, "another credential was held back")
            for holder in holders { _ = try await holder.value }
            let again = try await eventually(timeout: .seconds(30)) {
                try await EventStreamReader.read(url, headers: [first], timeout: .seconds(10)) { _ in true }.status == 200
            }
            #expect(again, "the credential's places were not given back")
        }
    }
}
