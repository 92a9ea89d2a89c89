import EventLog
import QueryAPI
import StoreTesting

/// Runs `body` against a real server on a free loopback port over a fresh store.
func withServer<Result>(
    maximumBodySize: Int = 1 << 20,
    configure: (inout StoreApplication.Configuration) -> Void = { _ in },
    _ body: (HTTPTestClient, TestServer) async throws -> Result
) async throws -> Result {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let server = try await TestServer.start(dataDirectory: directory.path, maximumBodySize: maximumBodySize, configure: configure)
    do {
        let result = try await body(HTTPTestClient(baseURL: server.baseURL), server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
