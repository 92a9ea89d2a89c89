import AsyncHTTPClient
import StoreTesting
import Synchronization

/// Posts unique messages from many connections until the server stops answering, and
/// remembers every id that got a 202 with its position.
final class AcknowledgementLoad: Sendable {
    private let acknowledged = Mutex<[String: UInt64]>([:])

    private let refused = Mutex<[Int]>([])

    private let stopped = Atomic<Bool>(false)

    var acknowledgedIDs: [String: UInt64] { acknowledged.withLock { $0 } }

    /// The statuses of answers other than 202.
    var refusedStatuses: [Int] { refused.withLock { $0 } }

    /// Ends every loop after its request in flight.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Waits until at least one message is acknowledged, for at most `timeout`.
    func waitForFirstAcknowledgement(timeout: Duration = .seconds(20)) async throws {
        try await waitForAcknowledgements(1, timeout: timeout)
    }

    /// Waits until at least `count` messages are acknowledged (or, unless `throughRefusals`,
    /// something is refused), for at most `timeout`.
    func waitForAcknowledgements(_ count: Int, timeout: Duration = .seconds(20), throughRefusals: Bool = false) async throws {
        let deadline = ContinuousClock.now + timeout
        while acknowledged.withLock({ $0.count < count }), throughRefusals || refused.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `connections` posting loops against `baseURL`; each ends at its first transport
    /// error (the server died), after `maximumPerConnection` messages, or at ``stop()``.
    /// A refusal (any status but 202) ends its loop too, unless `retryRefused`: then the same
    /// message is sent again after a short pause, as a connector would.
    /// Each request carries `headers` too (`CX-Tenant`, say).
    func run(
        baseURL: String, prefix: String, connections: Int, maximumPerConnection: Int = 50_000, retryRefused: Bool = false,
        headers: [(String, String)] = []
    ) async {
        let http = HTTPTestClient.makeClient(connections: connections)
        let client = HTTPTestClient(baseURL: baseURL, client: http)
        await withTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    var index = 0
                    while index < maximumPerConnection, !self.stopped.load(ordering: .relaxed) {
                        let id = "\(prefix)-\(connection)-\(index)"
                        let body = Array(CIMFixtures.sizedMessage(id: id, size: 1024).utf8)
                        let sent = try? await client.send(
                            "POST", "/ccm/message/receive", body: body, headers: headers + [("Content-Type", "application/json")])
                        guard let response = sent else {
                            return
                        }
                        guard response.status == 202 else {
                            self.refused.withLock { $0.append(response.status) }
                            guard retryRefused else { return }
                            try? await Task.sleep(for: .milliseconds(100))
                            continue
                        }
                        let position = response.json["position"] as? Int ?? -1
                        self.acknowledged.withLock { $0[id] = UInt64(position) }
                        index += 1
                    }
                }
            }
        }
        try? await http.shutdown()
    }
}
