import EventLog
import Foundation
import Projections
import QueryAPI
import StoreTesting
import Testing

/// `/metrics` and the JSON logs of a real `cxstore serve` process, which bootstraps the
/// Prometheus backend (a test process cannot: swift-metrics is bootstrapped once per process).
@Suite struct ObservabilityTests {
    @Test func metricsCountIngestSyncsRequestsAndLagAndLogsAreJSONWithRequestIDsAndNoSecrets() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = CredentialFile(path: StoreLayout(dataDirectory: directory.path).credentialsFile)
        let token = try file.add(account: "ops", scopes: [.ingest, .admin], now: 1).token
        let acme = try StoreTenants(root: directory.path).add(TenantName("acme")!)
        let acmeToken = try CredentialFile(path: acme.credentialsFile).add(account: "ops", scopes: [.ingest, .admin], now: 1).token
        let acmeAuthorization = ("Authorization", "Basic " + Data("ops:\(acmeToken)".utf8).base64EncodedString())
        let server = try await ServerProcess(dataDirectory: directory.path, arguments: ["--log-level", "debug", "--log-format", "json"])
        defer { server.kill() }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let authorization = ("Authorization", "Basic " + Data("ops:\(token)".utf8).base64EncodedString())

        var requestIDs: [String] = []
        for id in ["o-1", "o-2", "o-1"] {
            let response = try await client.send(
                "POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: id).utf8),
                headers: [authorization, ("Content-Type", "application/json")])
            #expect(response.status == 202)
            requestIDs.append(try #require(response.headers["x-request-id"]))
        }
        let refused = try await client.postJSON("/ccm/message/receive", "{")
        #expect(refused.status == 401)
        #expect(Set(requestIDs).count == 3)

        #expect(try await client.get("/metrics").status == 401)
        let metrics = try await client.send("GET", "/metrics", headers: [authorization])
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let lines = Set(metrics.text.split(separator: "\n").map(String.init))
        let tenant = #"{tenant="default"}"#
        #expect(lines.contains("cxstore_log_appended_events_total\(tenant) 2"))
        #expect(lines.contains("cxstore_log_duplicate_events_total\(tenant) 1"))
        #expect(lines.contains("cxstore_log_batch_size_count\(tenant) 3"))
        #expect(lines.contains("cxstore_log_commit_duration_seconds_count\(tenant) 3"))
        #expect(lines.contains("cxstore_log_head\(tenant) 2.0"))
        #expect(lines.contains { $0.hasPrefix("cxstore_projection_lag_events\(tenant) ") })
        #expect(lines.contains("cxstore_ingest_pacing_wait_seconds_count\(tenant) 0"), "three writes far below the pacing limit waited")
        #expect(lines.contains("cxstore_ingest_unpaced_writes_total\(tenant) 0"))
        let route = #"http_route="/ccm/message/receive",http_request_method="POST",http_response_status_code="202""#
        #expect(lines.contains("hb_requests{\(route)} 3"))
        #expect(lines.contains { $0.hasPrefix("http_server_request_duration_count{\(route)}") })
        #expect(lines.contains { $0.hasPrefix("hb_requests{") && $0.contains(#"http_response_status_code="401""#) })

        let acmePosted = try await client.send(
            "POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: "o-1").utf8),
            headers: [acmeAuthorization, ("Content-Type", "application/json")])
        #expect(acmePosted.status == 202)
        let acmeMetrics = try await client.send("GET", "/metrics", headers: [acmeAuthorization])
        let acmeLines = acmeMetrics.text.split(separator: "\n").map(String.init)
        #expect(acmeLines.contains(#"cxstore_log_appended_events_total{tenant="acme"} 1"#), "\(acmeMetrics.text)")
        #expect(acmeLines.contains(#"cxstore_log_head{tenant="acme"} 1.0"#))
        #expect(acmeLines.allSatisfy { $0.hasPrefix("#") || $0.contains(#"tenant="acme""#) }, "acme's /metrics shows another's series")
        let installation = try await client.send("GET", "/metrics", headers: [authorization]).text
        #expect(installation.contains(#"cxstore_log_appended_events_total{tenant="acme"} 1"#), "the default tenant's /metrics misses acme")

        let log = try String(contentsOfFile: server.logPath, encoding: .utf8)
        let entries = try log.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], "not a JSON log line: \(line)")
        }
        #expect(entries.contains { $0["hb.request.id"] == requestIDs[0] && $0["message"] == "Request" })
        #expect(entries.contains { $0["message"] == "request refused" && $0["http.status"] == "401" })
        #expect(!log.contains(token))
        #expect(!log.contains(String(token.dropFirst(4).prefix(16))))
        #expect(!log.contains(Data("ops:\(token)".utf8).base64EncodedString()))
    }
}
