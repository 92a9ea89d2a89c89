import EventLog
import Foundation
import Projections
import QueryAPI
import StoreTesting
import Testing

@Suite struct SQLRouteTests {
    /// Stores `count` messages and waits until the read models have them.
    func seed(_ client: HTTPTestClient, count: Int) async throws {
        for index in 0..<count {
            let response = try await client.postJSON(
                "/ccm/message/receive", CIMFixtures.plainMessage(id: "q-\(index)", text: #"text, \"\#(index)\""#))
            #expect(response.status == 202)
        }
        let ready = try await client.get("/v1/activities/q-\(count - 1)?minPosition=\(count)")
        #expect(ready.status == 200)
    }

    func query(_ client: HTTPTestClient, _ sql: String, maxRows: Int? = nil, accept: String? = nil) async throws -> HTTPTestClient.Response {
        var body = #"{"sql": "\#(sql)""#
        if let maxRows { body += #", "maxRows": \#(maxRows)"# }
        body += "}"
        var headers = [("Content-Type", "application/json")]
        if let accept { headers.append(("Accept", accept)) }
        return try await client.send("POST", "/v1/sql", body: Array(body.utf8), headers: headers)
    }

    @Test func rowsStreamAsNDJSONByDefault() async throws {
        try await withServer { client, _ in
            try await seed(client, count: 3)
            let response = try await query(client, "SELECT message_id, summary FROM activities ORDER BY position")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/x-ndjson")
            let lines = response.text.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.first == #"{"message_id":"q-0","summary":"text, \"0\""}"#)
        }
    }

    @Test func csvHasAHeaderAndQuotesWhatNeedsIt() async throws {
        try await withServer { client, _ in
            try await seed(client, count: 2)
            let response = try await query(client, "SELECT message_id, summary FROM activities ORDER BY position", accept: "text/csv")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/csv; charset=utf-8")
            #expect(response.text == "message_id,summary\r\nq-0,\"text, \"\"0\"\"\"\r\nq-1,\"text, \"\"1\"\"\"\r\n")
            let plain = try await client.send(
                "POST", "/v1/sql?format=csv", body: Array("SELECT count(*) AS n FROM activities".utf8), headers: [("Content-Type", "text/plain")])
            #expect(plain.text == "n\r\n2\r\n")
        }
    }

    @Test func theRowLimitCutsTheResultAndTheTrailersSaySo() async throws {
        try await withServer { client, server in
            try await seed(client, count: 5)
            let body = #"{"sql": "SELECT position FROM activities ORDER BY position", "maxRows": 2}"#
            let request =
                "POST /v1/sql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            let answer = await RawHTTP.exchange(port: server.port, request: Array(request.utf8))
            #expect(answer.status == 200)
            #expect(answer.text.contains(#"{"position":1}"#) && answer.text.contains(#"{"position":2}"#))
            #expect(!answer.text.contains(#"{"position":3}"#))
            #expect(answer.text.contains("CX-Rows: 2\r\n"))
            #expect(answer.text.contains("CX-Truncated: true\r\n"))
        }
    }

    @Test func writesAndBadQueriesAre400BeforeAnythingStreams() async throws {
        try await withServer { client, server in
            try await seed(client, count: 1)
            for sql in ["DELETE FROM activities", "DROP TABLE activities", "ATTACH 'x.db' AS x", "SELECT * FROM nowhere", "SELECT 1; SELECT 2"] {
                let response = try await query(client, sql)
                #expect(response.status == 400, "\(sql)")
                #expect(response.headers["content-type"] == "application/problem+json")
                #expect((response.json["errors"] as? [[String: String]])?.first?["field"] == "sql", "\(sql)")
            }
            let missing = try await client.postJSON("/v1/sql", #"{"query": "SELECT 1"}"#)
            #expect(missing.status == 400)
            #expect(missing.text.contains(#""field":"sql""#))
            let badRows = try await client.postJSON("/v1/sql", #"{"sql": "SELECT 1", "maxRows": -3}"#)
            #expect(badRows.status == 400)
            #expect(badRows.text.contains(#""field":"maxRows""#))
            #expect(server.log.head == 1)
        }
    }

    @Test func aQueryPastItsTimeIsStopped() async throws {
        try await withServer(configure: { $0.sqlLimits = .init(maximumRows: 10, timeout: .milliseconds(300)) }) { client, _ in
            let response = try await query(client, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
            #expect(response.status == 422)
            #expect(response.text.contains("was stopped"))
            let after = try await query(client, "SELECT 1 AS one")
            #expect(after.text == "{\"one\":1}\n")
        }
    }

    @Test func onlyTheSQLScopeMayQuery() async throws {
        try await withServer { client, server in
            let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
            let analyst = try file.add(account: "analyst", scopes: [.sql], now: 1).token
            let desk = try file.add(account: "desk", scopes: [.read], now: 2).token
            try await Task.sleep(for: .milliseconds(1_100))
            func ask(_ account: String, _ token: String) async throws -> Int {
                let authorization = "Basic " + Data("\(account):\(token)".utf8).base64EncodedString()
                return try await client.send(
                    "POST", "/v1/sql", body: Array(#"{"sql": "SELECT 1"}"#.utf8),
                    headers: [("Content-Type", "application/json"), ("Authorization", authorization)]
                ).status
            }
            #expect(try await ask("analyst", analyst) == 200)
            #expect(try await ask("desk", desk) == 403)
        }
    }
}

@Suite struct SQLStreamingTests {
    @Test func aLargeResultArrivesWholeInManyChunks() async throws {
        try await withServer { client, _ in
            let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 50000) SELECT x, 'row ' || x AS label FROM c"
            let response = try await client.send(
                "POST", "/v1/sql?format=csv", body: Array(sql.utf8), headers: [("Content-Type", "application/sql")])
            #expect(response.status == 200)
            #expect(response.headers["transfer-encoding"] == "chunked")
            let lines = response.text.split(separator: "\r\n")
            #expect(lines.count == 50_001)
            #expect(lines.last == "50000,row 50000")
        }
    }
}
