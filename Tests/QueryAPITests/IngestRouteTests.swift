import AsyncHTTPClient
import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct IngestRouteTests {
    @Test func anAcceptedMessageIsAcknowledgedWithItsPositionAndStoredByteForByte() async throws {
        try await withServer { client, server in
            let posted = CIMFixtures.plainMessage(id: "m-1")
            let response = try await client.postJSON("/ccm/message/receive", posted)
            #expect(response.status == 202)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["cx-log-position"] == "1")
            #expect(response.text == #"{"id":"m-1","position":1,"duplicate":false}"#)
            let stored = try #require(try server.log.event(at: 1))
            #expect(stored.payload == Array(posted.utf8))
            #expect(stored.type == "CUSTOMER_MESSAGE")
            #expect(stored.routingKeys.channelCustomerIdentifier == "+41790000001")
        }
    }

    @Test func aRepeatedMessageIsADuplicateAtTheSamePosition() async throws {
        try await withServer { client, server in
            _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-0"))
            let first = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1"))
            let reformatted = CIMFixtures.plainMessage(id: "m-1").replacingOccurrences(of: "\n", with: " ")
            let again = try await client.postJSON("/ccm/message/receive", reformatted)
            #expect(first.text == #"{"id":"m-1","position":2,"duplicate":false}"#)
            #expect(again.status == 202)
            #expect(again.text == #"{"id":"m-1","position":2,"duplicate":true}"#)
            #expect(server.log.head == 2)
        }
    }

    @Test func aReusedIDWithOtherContentIsAConflictNamingTheExistingPosition() async throws {
        try await withServer { client, server in
            _ = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1", text: "first"))
            let response = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1", text: "second"))
            #expect(response.status == 409)
            #expect(response.headers["content-type"] == "application/problem+json")
            #expect(response.json["existingPosition"] as? Int == 1)
            let errors = try #require(response.json["errors"] as? [[String: String]])
            #expect(errors == [["field": "id", "message": "is already used by the event at position 1"]])
            #expect(server.log.head == 1)
        }
    }

    @Test func anInvalidMessageIsRefusedWithEveryFieldAndChangesNothing() async throws {
        try await withServer { client, server in
            let response = try await client.postJSON(
                "/ccm/message/receive",
                #"{"id": "", "header": {"sender": {"type": "AGENT"}}, "body": {"type": "WRAPUP"}}"#
            )
            #expect(response.status == 400)
            #expect(response.headers["content-type"] == "application/problem+json")
            #expect(response.json["status"] as? Int == 400)
            let errors = try #require(response.json["errors"] as? [[String: String]])
            #expect(errors.map { $0["field"] ?? "" } == ["id", "header.sender.id", "body.wrapups", "header"])
            #expect(server.log.head == 0)
        }
    }

    @Test(arguments: [
        "{\"id\": \"x\",",
        "{\"id\": \"x\", /* c */ \"header\": {}}",
        "{\"id\": \"{{$guid}}\", \"header\": {{header}}}",
        "[1, 2, 3]",
        "",
    ])
    func malformedBodiesAreA400(body: String) async throws {
        try await withServer { client, server in
            let response = try await client.postJSON("/ccm/message/receive", body)
            #expect(response.status == 400)
            #expect(response.headers["content-type"] == "application/problem+json")
            #expect((response.json["errors"] as? [[String: String]])?.count == 1)
            #expect(server.log.head == 0)
        }
    }

    @Test func invalidUTF8IsA400() async throws {
        try await withServer { client, server in
            var bytes = Array(CIMFixtures.plainMessage(id: "m-1", text: "caf__").utf8)
            let index = try #require(bytes.firstIndex(of: UInt8(ascii: "_")))
            bytes[index] = 0xC3
            bytes[index + 1] = 0x28
            let response = try await client.postJSON("/ccm/message/receive", bytes)
            #expect(response.status == 400)
            #expect(response.text.contains("UTF-8"))
            #expect(server.log.head == 0)
        }
    }

    @Test func aBodyOverTheLimitIsA413AndNothingIsStored() async throws {
        try await withServer(maximumBodySize: 4096) { client, server in
            let big = CIMFixtures.sizedMessage(id: "big", size: 5000)
            let response = try await client.postJSON("/ccm/message/receive", big)
            #expect(response.status == 413)
            #expect(response.headers["content-type"] == "application/problem+json")
            let fits = try await client.postJSON("/ccm/message/receive", CIMFixtures.sizedMessage(id: "fits", size: 4000))
            #expect(fits.status == 202)
            #expect(server.log.head == 1)
        }
    }

    @Test(arguments: ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1"])
    func nonJSONContentTypesAreA415(contentType: String) async throws {
        try await withServer { client, server in
            let response = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "m-1"), contentType: contentType)
            #expect(response.status == 415)
            #expect(server.log.head == 0)
        }
    }

    @Test func jsonContentTypeVariantsAndAMissingOneAreAccepted() async throws {
        try await withServer { client, _ in
            for (index, contentType) in ["application/json; charset=UTF-8", "application/cim+json", "Application/JSON"].enumerated() {
                let response = try await client.postJSON(
                    "/ccm/message/receive", CIMFixtures.plainMessage(id: "ct-\(index)"), contentType: contentType)
                #expect(response.status == 202, "\(contentType)")
            }
            let bare = try await client.send("POST", "/ccm/message/receive", body: Array(CIMFixtures.plainMessage(id: "ct-none").utf8))
            #expect(bare.status == 202)
        }
    }

    @Test func thirdPartyActivitiesAreA200TypedAsSuch() async throws {
        try await withServer { client, server in
            let body =
                #"{"id": "tp-1", "header": {"sender": {"id": "app", "type": "APP", "senderName": "Scheduler"}, "customer": {"_id": "c-9"}}, "body": {"type": "FNB", "markdownText": "hello"}}"#
            let response = try await client.postJSON("/conversation-manager/activities", body)
            #expect(response.status == 200)
            #expect(response.text == #"{"id":"tp-1","position":1,"duplicate":false}"#)
            #expect(try server.log.event(at: 1)?.type == "THIRD_PARTY_ACTIVITY")
            let identityOnly =
                #"{"id": "tp-2", "header": {"sender": {"id": "app", "type": "APP"}, "channelData": {"channelCustomerIdentifier": "+4179"}}, "body": {"type": "FNB"}}"#
            #expect(try await client.postJSON("/conversation-manager/activities", identityOnly).status == 400)
        }
    }

    @Test func oneIDPostedConcurrentlyYieldsOneEvent() async throws {
        try await withServer { client, server in
            let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let response = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "same"))
                        return (response.status, response.text)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0.0 == 202 })
            #expect(statuses.filter { $0.1.contains("\"duplicate\":false") }.count == 1)
            #expect(server.log.head == 1)
        }
    }

    @Test func concurrentPostsShareSyncs() async throws {
        try await withServer { shared, server in
            let http = HTTPTestClient.makeClient(connections: 64)
            let client = HTTPTestClient(baseURL: shared.baseURL, client: http)
            defer { Task { try await http.shutdown() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        for index in 0..<10 {
                            let response = try await client.postJSON("/ccm/message/receive", CIMFixtures.plainMessage(id: "t\(task)-\(index)"))
                            #expect(response.status == 202)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let statistics = server.log.statistics
            #expect(statistics.appendedEvents == 640)
            // How far batches grow depends on how fast requests arrive relative to a sync
            // (the in-process group-commit test asserts the ratio); over HTTP, concurrent
            // requests must at least share syncs.
            #expect(statistics.syncs < statistics.appendedEvents, "syncs: \(statistics.syncs)")
            #expect(statistics.largestBatch > 1)
        }
    }
}

@Suite struct FixtureTests {
    @Test func theRealisticMessageIsAboutOneKilobyteAndValid() async throws {
        try await withServer { client, _ in
            for index in [0, 1, 4999, 123_456] {
                let message = CIMFixtures.realisticMessage(id: "r-\(index)", index: index)
                #expect((850...1150).contains(message.utf8.count), "\(message.utf8.count) bytes")
                let response = try await client.postJSON("/ccm/message/receive", message)
                #expect(response.status == 202)
            }
        }
    }
}
