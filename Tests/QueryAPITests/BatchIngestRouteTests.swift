import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct BatchIngestRouteTests {
    private let path = "/ccm/message/receive/batch"

    /// The messages as NDJSON: each on one line.
    private func ndjson(_ messages: [String], separator: String = "\n") -> String {
        messages.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: separator)
    }

    private func results(_ response: HTTPTestClient.Response) throws -> [[String: Any]] {
        try #require(response.json["results"] as? [[String: Any]])
    }

    @Test func aValidBatchIsStoredInOrderWithOneResultPerLine() async throws {
        try await withServer { client, server in
            let messages = (1...3).map { CIMFixtures.plainMessage(id: "b-\($0)", text: "message \($0)") }
            let response = try await client.postJSON(path, ndjson(messages, separator: "\r\n") + "\n\n", contentType: "application/x-ndjson")
            #expect(response.status == 202)
            #expect(response.headers["cx-log-position"] == "3")
            #expect(response.json["accepted"] as? Int == 3)
            #expect(response.json["duplicates"] as? Int == 0)
            let results = try results(response)
            #expect(results.map { $0["id"] as? String } == ["b-1", "b-2", "b-3"])
            #expect(results.map { $0["position"] as? Int } == [1, 2, 3])
            #expect(results.map { $0["line"] as? Int } == [1, 2, 3])
            for position in 1...3 {
                let stored = try #require(try server.log.event(at: LogPosition(UInt64(position))))
                #expect(stored.payload == Array(messages[position - 1].replacingOccurrences(of: "\n", with: " ").utf8))
            }
        }
    }

    @Test func aRepeatedBatchIsAllDuplicatesAndAppendsNothing() async throws {
        try await withServer { client, server in
            let body = ndjson((1...2).map { CIMFixtures.plainMessage(id: "b-\($0)") })
            _ = try await client.postJSON(path, body, contentType: "application/x-ndjson")
            let again = try await client.postJSON(path, body, contentType: "application/x-ndjson")
            #expect(again.status == 202)
            #expect(again.json["duplicates"] as? Int == 2)
            #expect(try results(again).map { $0["duplicate"] as? Bool } == [true, true])
            #expect(server.log.head == 2)
        }
    }

    @Test func oneInvalidMessageRefusesTheBatchNamingItsLineAndStoresNothing() async throws {
        try await withServer { client, server in
            let body = ndjson([
                CIMFixtures.plainMessage(id: "ok-1"), "", #"{"id": "bad", "header": {"sender": {"type": "AGENT"}}, "body": {"type": "PLAIN"}}"#,
                "{not json",
            ])
            let response = try await client.postJSON(path, body, contentType: "application/x-ndjson")
            #expect(response.status == 400)
            #expect(response.headers["content-type"] == "application/problem+json")
            let fields = try #require(response.json["errors"] as? [[String: String]]).map { $0["field"] ?? "" }
            #expect(fields.contains("line 3: header.sender.id"))
            #expect(fields.contains("line 4"))
            #expect(!fields.contains { $0.hasPrefix("line 1") })
            #expect(server.log.head == 0)
        }
    }

    @Test func aReusedIDIsAConflictOfItsLineAloneAndTheOthersAreStored() async throws {
        try await withServer { client, server in
            _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1", text: "first"))
            let body = ndjson([CIMFixtures.plainMessage(id: "m-2"), CIMFixtures.plainMessage(id: "m-1", text: "second")])
            let response = try await client.postJSON(path, body, contentType: "application/x-ndjson")
            #expect(response.status == 409)
            #expect(response.json["accepted"] as? Int == 1)
            #expect(response.json["conflicts"] as? Int == 1)
            let results = try results(response)
            #expect(results[0]["position"] as? Int == 2)
            #expect(results[1]["existingPosition"] as? Int == 1)
            #expect((results[1]["error"] as? String)?.contains("different content") == true)
            #expect(server.log.head == 2)
        }
    }

    @Test func limitsAndContentTypesAreEnforcedBeforeAnythingIsStored() async throws {
        try await withServer(maximumBodySize: 4096) { client, server in
            let tooMany = ndjson((0...1000).map { _ in "{}" })
            let many = try await client.postJSON(path, tooMany, contentType: "application/x-ndjson")
            #expect(many.status == 413)
            #expect((many.json["detail"] as? String)?.contains("1001 messages") == true)

            let overBatchLimit = ndjson((0..<20).map { CIMFixtures.sizedMessage(id: "big-\($0)", size: 3500) })
            let big = try await client.postJSON(path, overBatchLimit, contentType: "application/x-ndjson")
            #expect(big.status == 413)
            #expect((big.json["detail"] as? String)?.contains("\(16 * 4096) bytes") == true)

            let longLine = CIMFixtures.sizedMessage(id: "long", size: 5000)
            let long = try await client.postJSON(path, ndjson([longLine]), contentType: "application/x-ndjson")
            #expect(long.status == 413)
            #expect(try #require(long.json["errors"] as? [[String: String]]).first?["field"] == "line 1")

            let empty = try await client.postJSON(path, "\n \n", contentType: "application/x-ndjson")
            #expect(empty.status == 400)

            let wrongType = try await client.postJSON(path, ndjson([CIMFixtures.plainMessage(id: "x")]), contentType: "text/plain")
            #expect(wrongType.status == 415)
            let jsonl = try await client.postJSON(path, ndjson([CIMFixtures.plainMessage(id: "x")]), contentType: "application/jsonl; charset=utf-8")
            #expect(jsonl.status == 202)
            #expect(server.log.head == 1)
        }
    }
}
