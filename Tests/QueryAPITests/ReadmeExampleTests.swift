import Foundation
import StoreTesting
import Testing

/// The README's walk-through is run as written, against a real server whose log already holds
/// other events, so that it cannot drift from what the API answers (it once quoted absolute
/// positions that went stale when the demo grew).
@Suite struct ReadmeExampleTests {
    /// The shell block after the README line that starts with `heading`.
    private func shellBlock(after heading: String) throws -> String {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: heading), "README has no \"\(heading)\"")
        let rest = readme[start.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test func postingAndReadingBackWorksAsTheReadmeSays() async throws {
        let block = try shellBlock(after: "Post a message and read it back")
        #expect(block.contains("127.0.0.1:8080"))
        try await withServer { client, server in
            for index in 1...7 {
                _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "earlier-\(index)"))
            }
            // Each answer ends with a record separator: the messages are shown as posted, newlines included.
            let script =
                "curl() { command curl \"$@\"; printf '\\036'; }\n"
                + block.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(server.port)")
            let run = try await CommandRunner.run(executable: "/bin/bash", ["-euo", "pipefail", "-c", script], timeout: .seconds(60))
            #expect(run.status == 0, "\(run.standardError)")
            let printed = run.standardOutput

            let lines = printed.split(separator: "\u{1E}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            #expect(lines.count == 3, "\(printed)")
            #expect(lines.first == #"{"id":"readme-1","position":8,"duplicate":false}"#)
            let feed = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
            let events = try #require(feed?["events"] as? [[String: Any]])
            #expect(events.map { $0["position"] as? Int } == [8])
            #expect(events.first?["type"] as? String == "CUSTOMER_MESSAGE")
            #expect((events.first?["message"] as? [String: Any])?["id"] as? String == "readme-1")
            let activity = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
            #expect(activity?["messageId"] as? String == "readme-1")
            #expect(activity?["summary"] as? String == "Hello, I need help with my bill")
        }
    }

    /// The README names the activity types the API answers, not the body types.
    @Test func theWebhookSectionNamesTheTypesTheAPIAnswers() async throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md"), encoding: .utf8)
        #expect(!readme.contains("`VOICE` activity"), "a VOICE body is typed VOICE_ACTIVITY, CALL_LEG_STARTED or CALL_LEG_ENDED")
        #expect(readme.contains("`VOICE_ACTIVITY`"))
        #expect(readme.contains("/openapi.json"))
        try await withServer { client, _ in
            let posted = try await client.postJSON(
                "/webhooks/8x8/voice",
                #"{"eventType": "CALL_STATUS", "payload": {"callId": "leg-1", "sessionId": "s-1", "callStatus": "CALL_RECEIVED", "callDirection": "INBOUND", "source": "+41790000001", "destination": "+41440000000"}}"#
            )
            let position = try #require(posted.headers["cx-log-position"])
            let activity = try await client.get("/v1/calls/leg-1?minPosition=\(position)")
            let history = try #require(activity.json["history"] as? [[String: Any]])
            #expect(history.first?["type"] as? String == "VOICE_ACTIVITY")
        }
    }
}
