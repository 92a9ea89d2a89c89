import EventLog
import Foundation
import Projections
import StoreTesting
import Testing

@testable import QueryAPI

@Suite struct RateLimiterTests {
    @Test func aBucketAllowsItsBurstThenRefillsAtItsRate() {
        let limiter = RateLimiter()
        let limit = RateLimit(requestsPerSecond: 10, burst: 3)
        let start = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.admit("a", under: limit, now: start) == nil })
        let wait = limiter.admit("a", under: limit, now: start)
        #expect(wait == .milliseconds(100))
        #expect(limiter.admit("b", under: limit, now: start) == nil, "another credential has its own bucket")
        #expect(limiter.admit("a", under: limit, now: start + .milliseconds(100)) == nil)
        #expect(limiter.admit("a", under: limit, now: start + .milliseconds(150)) != nil)
        #expect((0..<3).allSatisfy { _ in limiter.admit("a", under: limit, now: start + .seconds(60)) == nil }, "never more than the burst")
        #expect(limiter.admit("a", under: limit, now: start + .seconds(60)) != nil)
    }
}

@Suite struct RateLimitRouteTests {
    func basic(_ account: String, _ token: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(account):\(token)".utf8).base64EncodedString())]
    }

    @Test func aCredentialOverItsRateGets429WithRetryAfterAndOthersGoOn() async throws {
        try await withServer(configure: { $0.defaultRateLimit = RateLimit(requestsPerSecond: 1000) }) { client, server in
            let file = CredentialFile(path: server.runner.store.layout.credentialsFile)
            let slow = try file.add(account: "slow", scopes: [.read, .ingest], rateLimit: RateLimit(requestsPerSecond: 0.02, burst: 3), now: 1).token
            let other = try file.add(account: "other", scopes: [.read], now: 2).token
            try await Task.sleep(for: .milliseconds(1_100))

            for _ in 0..<3 {
                #expect(try await client.send("GET", "/v1/events", headers: basic("slow", slow)).status == 200)
            }
            let refused = try await client.send("GET", "/v1/events", headers: basic("slow", slow))
            #expect(refused.status == 429)
            let retryAfter = try #require(refused.headers["retry-after"].flatMap(Int.init))
            #expect((1...50).contains(retryAfter), "at 0.02/s the next token is at most 50 s away")
            #expect(refused.headers["content-type"] == "application/problem+json")
            #expect((refused.json["detail"] as? String)?.contains("0.02/s, burst 3") == true)
            let ingest = try await client.send(
                "POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: "rl-1").utf8),
                headers: basic("slow", slow) + [("Content-Type", "application/json")])
            #expect(ingest.status == 429)
            #expect(server.log.head == 0)
            for _ in 0..<20 {
                #expect(try await client.send("GET", "/v1/events", headers: basic("other", other)).status == 200)
            }
        }
    }
}
