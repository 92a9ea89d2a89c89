import EventLog
import Projections
import StoreTesting
import Testing

@Suite struct ReadYourWritesTests {
    @Test(.timeLimit(.minutes(1)))
    func waitingForAPositionEndsWhenTheRunnerStops() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let runner = server.runner
        await server.stop()
        #expect(await runner.waitUntilApplied(LogPosition(1000), timeout: .seconds(120)) == false)
    }
}
