import AsyncHTTPClient
import EventLog
import Foundation
import NIOCore
import StoreTesting
import Testing

@Suite struct ActivityStreamTests {
    /// A customer message in conversation `conversation`.
    static func message(id: String, conversation: String, customer: String = "+41790000001") -> String {
        CIMFixtures.plainMessage(id: id, text: "about \(conversation)", customer: customer)
            .replacingOccurrences(of: #""conversationId": null"#, with: #""conversationId": "\#(conversation)""#)
    }

    func post(_ client: HTTPTestClient, _ id: String, _ conversation: String, customer: String = "+41790000001") async throws -> Int {
        let response = try await client.postJSON("/ccm/message/receive", Self.message(id: id, conversation: conversation, customer: customer))
        #expect(response.status == 202)
        return try #require(response.json["position"] as? Int)
    }

    func messageIDs(_ reading: EventStreamReader.Reading) -> [String] {
        reading.events.compactMap { event in
            (try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any])?["messageId"] as? String
        }
    }

    @Test func aConversationStreamSendsItsActivitiesOnlyAndResumes() async throws {
        try await withServer { client, server in
            _ = try await post(client, "a-1", "conv-A")
            _ = try await post(client, "b-1", "conv-B")
            _ = try await post(client, "a-2", "conv-A")
            let url = server.baseURL + "/v1/conversations/conv-A/stream?after=0"
            let reading = Task { try await EventStreamReader.read(url) { $0.events.count >= 3 } }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await post(client, "b-2", "conv-B")
            let live = try await post(client, "a-3", "conv-A")
            let streamed = try await reading.value
            #expect(streamed.contentType == "text/event-stream")
            #expect(messageIDs(streamed) == ["a-1", "a-2", "a-3"])
            #expect(streamed.events.map(\.id) == ["1", "3", "\(live)"])
            #expect(streamed.events.allSatisfy { $0.name == "activity" })

            let resumed = try await EventStreamReader.read(url, headers: [("Last-Event-ID", "3")]) { $0.events.count >= 1 }
            #expect(messageIDs(resumed) == ["a-3"])
        }
    }

    @Test func aCustomerStreamFollowsEveryConversationOfTheCustomer() async throws {
        try await withServer { client, server in
            _ = try await post(client, "c-1", "conv-1")
            _ = try await post(client, "other-1", "conv-9", customer: "+41790000999")
            let customers = try await client.get("/v1/customers?channelCustomerIdentifier=%2B41790000001&minPosition=2")
            let customer = try #require((customers.json["customers"] as? [[String: Any]])?.first?["customerId"] as? String)
            let url = server.baseURL + "/v1/customers/\(customer)/stream?after=0"
            let reading = Task { try await EventStreamReader.read(url) { $0.events.count >= 3 } }
            try await Task.sleep(for: .milliseconds(300))
            _ = try await post(client, "other-2", "conv-9", customer: "+41790000999")
            _ = try await post(client, "c-2", "conv-2")
            _ = try await post(client, "c-3", "conv-1")
            #expect(messageIDs(try await reading.value) == ["c-1", "c-2", "c-3"])
        }
    }

    @Test func aThousandStreamsEachReceiveExactlyTheirActivitiesWhileIngesting() async throws {
        try await withServer { client, server in
            let streamClient = HTTPTestClient.makeClient(connections: 1100)
            let outcome: Result<[(String, [String])], any Error>
            do {
                outcome = .success(try await streamAndIngest(client, server, streamClient))
            } catch {
                outcome = .failure(error)
            }
            try await streamClient.shutdown()
            let results = try outcome.get()
            #expect(results.count == 1000)
            let wrong = results.filter { conversation, ids in ids != ["\(conversation)-first", "\(conversation)-second"] }
            #expect(wrong.isEmpty, "\(wrong.count) streams got other activities, e.g. \(wrong.prefix(3))")
            #expect(server.log.head == 750)
        }
    }

    /// Opens 4 streams on each of 250 conversations and meanwhile posts, from 8 producers,
    /// 2 messages to each (and one to a conversation nobody watches); returns what each
    /// stream received.
    func streamAndIngest(_ client: HTTPTestClient, _ server: TestServer, _ streamClient: HTTPClient) async throws -> [(String, [String])] {
        let conversations = (0..<250).map { "conv-\($0)" }
        let readings = Task {
            try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for conversation in conversations {
                    for _ in 0..<4 {
                        group.addTask {
                            let url = server.baseURL + "/v1/conversations/\(conversation)/stream?after=0"
                            let reading = try await EventStreamReader.read(url, client: streamClient, timeout: .seconds(120)) {
                                $0.events.count >= 2
                            }
                            return (conversation, messageIDs(reading))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let producers = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for index in stride(from: producer, to: conversations.count, by: producers) {
                        let conversation = conversations[index]
                        let customer = "+4179\(String(format: "%07d", index))"
                        _ = try await post(client, "\(conversation)-first", conversation, customer: customer)
                        _ = try await post(client, "unwatched-\(index)", "conv-unwatched-\(index)")
                        _ = try await post(client, "\(conversation)-second", conversation, customer: customer)
                    }
                }
            }
            try await group.waitForAll()
        }
        return try await readings.value
    }
}
