import EventLog
import Foundation
import GRDB
import Projections
import StoreTesting
import Testing

@Suite struct IdentityTests {
    @Test func anExplicitCustomerIDTakesOverTheDerivedCustomersHistory() async throws {
        try await withHistory { history in
            let anonymous = MessageBuilder()
            try await history.post(anonymous.with { $0.timestamp = 1000 }.plain(id: "m1", text: "first"))
            try await history.post(
                anonymous.with {
                    $0.timestamp = 2000; $0.conversationID = "conv-1"
                }.plain(id: "m2", text: "second"))
            let derived = try #require(
                (try await history.json("/v1/customers?channelCustomerIdentifier=%2B41790000001")["customers"] as? [[String: Any]])?.first?[
                    "customerId"]
                    as? String)

            try await history.post(
                anonymous.with {
                    $0.customerID = "crm-42"; $0.timestamp = 3000
                }.plain(id: "m3", text: "now known"))
            let timeline = try await history.json("/v1/customers/crm-42/activities")
            #expect(timeline.ids == ["m3", "m2", "m1"])
            let customer = try await history.json("/v1/customers/crm-42")
            #expect(customer["activityCount"] as? Int == 3)
            #expect(customer["firstActivityAt"] as? Int == 1000)
            #expect(customer["derived"] as? Bool == false)
            let merged = try await history.json("/v1/customers/\(derived)")
            #expect(merged["customerId"] as? String == "crm-42", "the derived id answers as the customer it merged into")
            let conversation = try await history.json("/v1/conversations/conv-1")["conversation"] as? [String: Any]
            #expect(conversation?["customerId"] as? String == "crm-42")

            try await history.post(anonymous.with { $0.timestamp = 4000 }.plain(id: "m4", text: "again anonymous"))
            #expect(try await history.json("/v1/customers/crm-42/activities").ids.first == "m4")
        }
    }

    /// In a rebuild the whole history is one batch: the derived customer, the explicit one
    /// and the merge are all written at its end. `merged_into` must find its target
    /// whatever the ids' order (`zz-42` sorts after every derived `cx-` id).
    @Test func aMergeWithinOneBatchWritesTheTargetBeforeTheMergedCustomer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await TestServer.start(dataDirectory: directory.path)
        let client = HTTPTestClient(baseURL: server.baseURL)
        let anonymous = MessageBuilder()
        for message in [
            anonymous.with { $0.timestamp = 1000 }.plain(id: "m1", text: "first"),
            anonymous.with {
                $0.customerID = "zz-42"; $0.timestamp = 2000
            }.plain(id: "m2", text: "now known"),
        ] {
            try #require(try await client.postJSON("/ccm/message/receive", message).status == 202)
        }
        await server.stop()

        let layout = StoreLayout(dataDirectory: directory.path)
        let log = try EventLog(directory: layout.logDirectory)
        let result = try await Rebuilder(log: log, layout: layout).rebuild()
        await log.close()
        #expect(result.events == 2)
        let customers = try DatabaseQueue(path: layout.projectionsLink).read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, merged_into, activity_count FROM customers ORDER BY customer_id")
        }
        let ids = customers.map { $0["customer_id"] as String }
        #expect(ids.count == 2 && ids[0].hasPrefix("cx-") && ids[1] == "zz-42")
        #expect(customers.map { $0["merged_into"] as String? } == ["zz-42", nil])
        #expect(customers.map { $0["activity_count"] as Int } == [0, 2])
    }

    @Test func messagesWithoutIdentityFollowTheirConversation() async throws {
        try await withHistory { history in
            try await history.post(
                MessageBuilder().with {
                    $0.conversationID = "conv-9"; $0.customerID = "cust-9"
                }.plain(id: "m1", text: "hi"))
            let agent = MessageBuilder().with {
                $0.identifier = nil
                $0.service = nil
                $0.senderType = "AGENT"
                $0.conversationID = "conv-9"
            }
            try await history.post(agent.plain(id: "m2", text: "reply"))
            #expect(try await history.json("/v1/customers/cust-9/activities").ids == ["m2", "m1"])
        }
    }

    @Test func aThirdPartyActivityLandsOnTheCustomersTimeline() async throws {
        try await withHistory { history in
            let body =
                #"{"id": "tp-1", "header": {"sender": {"id": "app", "type": "APP", "senderName": "Scheduler"}, "customer": {"_id": "cust-5"}, "timestamp": 5}, "body": {"type": "FNB", "markdownText": "Table for two at 8pm"}}"#
            try await history.post(body, route: "/conversation-manager/activities")
            let timeline = try await history.json("/v1/customers/cust-5/activities")
            #expect(timeline.activities.first?["type"] as? String == "THIRD_PARTY_ACTIVITY")
            #expect(timeline.activities.first?["summary"] as? String == "FNB: Table for two at 8pm")
        }
    }
}
