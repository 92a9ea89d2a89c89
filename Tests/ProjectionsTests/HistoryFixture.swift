import Foundation
import StoreTesting
import Testing

/// A real server over a fresh store, and helpers that post and read with read-your-writes.
struct HistoryFixture {
    let client: HTTPTestClient
    let server: TestServer
    private(set) var lastPosition = 0

    /// Posts a CIM message and remembers the position it answered.
    mutating func post(_ message: String, route: String = "/ccm/message/receive") async throws {
        let response = try await client.postJSON(route, message)
        try #require((200..<300).contains(response.status), "\(response.status): \(response.text)")
        lastPosition = response.json["position"] as? Int ?? lastPosition
    }

    /// GETs `path` once every posted message is applied. A 503 "Not caught up" is asked
    /// again, as its `Retry-After` tells a client to: with every suite's servers on two cores,
    /// a runner can trail past the server's 5 s wait (seen twice in CI, at `1f80ee7`).
    func read(_ path: String) async throws -> HTTPTestClient.Response {
        let separator = path.contains("?") ? "&" : "?"
        var response = try await client.get(path + separator + "minPosition=\(lastPosition)")
        for _ in 0..<3 where response.status == 503 && response.text.contains("Not caught up") {
            response = try await client.get(path + separator + "minPosition=\(lastPosition)")
        }
        return response
    }

    /// The JSON object of `read(path)`, requiring a 200.
    func json(_ path: String) async throws -> [String: Any] {
        let response = try await read(path)
        try #require(response.status == 200, "\(path) → \(response.status): \(response.text)")
        return response.json
    }
}

func withHistory(_ body: (inout HistoryFixture) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let server = try await TestServer.start(dataDirectory: directory.path)
    var fixture = HistoryFixture(client: HTTPTestClient(baseURL: server.baseURL), server: server)
    do {
        try await body(&fixture)
        await server.stop()
    } catch {
        await server.stop()
        throw error
    }
}

extension Dictionary where Key == String, Value == Any {
    var activities: [[String: Any]] { self["activities"] as? [[String: Any]] ?? [] }
    var ids: [String] { activities.compactMap { $0["messageId"] as? String } }
}
