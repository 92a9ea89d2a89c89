import AsyncHTTPClient
import StoreTesting
import Synchronization

/// Posts unique messages from many connections until the server stops answering, and
/// remembers every id that got a 202 with its position.
final class AcknowledgementLoad: Sendable {
    private let acknowledged = Mutex<[String: UInt64]>([:])

    private let refused = Mutex<[Int]>([])

    var acknowledgedIDs: [String: UInt64] { acknowledged.withLock { $0 } }

    /// The statuses of answers other than 202 (each ends its connection's loop).
    var refusedStatuses: [Int] { refused.withLock { $0 } }

    /// Waits until at least one message is acknowledged, for at most `timeout`.
    func waitForFirstAcknowledgement(timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while acknowledged.withLock({ $0.isEmpty }), refused.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs `connections` posting loops against `baseURL`; each ends at its first transport
    /// error (the server died) or after `maximumPerConnection` messages.
    func run(baseURL: String, prefix: String, connections: Int, maximumPerConnection: Int = 50_000) async {
        let http = HTTPTestClient.makeClient(connections: connections)
        let client = HTTPTestClient(baseURL: baseURL, client: http)
        await withTaskGroup(of: Void.self) { group in
            for connection in 0..<connections {
                group.addTask {
                    for index in 0..<maximumPerConnection {
                        let id = "\(prefix)-\(connection)-\(index)"
                        guard let response = try? await client.postJSON("/ccm/message/receive", CIMFixtures.sizedMessage(id: id, size: 1024)) else {
                            return
                        }
                        guard response.status == 202 else {
                            self.refused.withLock { $0.append(response.status) }
                            return
                        }
                        let position = response.json["position"] as? Int ?? -1
                        self.acknowledged.withLock { $0[id] = UInt64(position) }
                    }
                }
            }
        }
        try? await http.shutdown()
    }
}
