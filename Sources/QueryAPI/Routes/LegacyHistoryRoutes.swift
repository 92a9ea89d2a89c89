import CIM
import HTTPTypes
import Hummingbird
import Projections

/// `GET /conversation-manager/customer-topics/customer/{customerId}/activities?limit=&offset=&activity-type=ALL`
/// for existing agent desks: `{"docs": [...], "totalDocs": n}`, newest first, where
/// `offset` counts pages (the desk sends `limit=50` and bumps `offset` by one per page).
/// Each doc has the shape of the vendor's activity documents.
struct LegacyHistoryRoutes: Sendable {
    typealias Context = StoreRequestContext

    let reads: ReadContext

    func register(on router: ScopedRouter) {
        router.get("/conversation-manager/customer-topics/customer/:customerId/activities", .scope(.read)) { request, context in
            try await page(request, context)
        }
    }

    private func page(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("customerId")
        let query = request.uri.queryParameters
        let limit = try QueryParameter.integer(query, "limit", default: 50, range: 1...200)
        let offset = try QueryParameter.integer(query, "offset", default: 0, range: 0...1_000_000)
        let type = query["activity-type"].map(String.init) ?? "ALL"
        let result = try await reads.store.read { db -> (activities: [ActivityView], total: Int)? in
            guard let canonical = try HistoryQueries.canonicalCustomerID(id, in: db) else { return nil }
            return try HistoryQueries.legacyPage(
                customerID: canonical, type: type == "ALL" ? nil : type, limit: Int(limit), page: Int(offset), in: db)
        }
        let (activities, total) = result ?? ([], 0)
        var writer = JSONWriter(capacity: 1024 * activities.count + 64)
        writer.beginObject()
        writer.key("docs")
        writer.beginArray()
        for activity in activities { writer.legacyDocument(activity) }
        writer.endArray()
        writer.field("totalDocs", total)
        writer.field("limit", Int(limit))
        writer.field("offset", Int(offset))
        writer.endObject()
        return reads.respond(writer)
    }
}

extension JSONWriter {
    /// `{_id, customerId, conversationId, channelSessionId, recordCreationTime, timestamp,
    /// activity{_id, name, type, timestamp, eventEmitter{id, type, senderName}, data}}`.
    fileprivate mutating func legacyDocument(_ activity: ActivityView) {
        beginObject()
        field("_id", activity.messageID)
        field("customerId", activity.customerID)
        field("conversationId", activity.conversationID)
        field("channelSessionId", activity.channelSessionID)
        field("recordCreationTime", Timestamp(millisecondsSince1970: activity.recordedAt).iso8601)
        field("timestamp", activity.occurredAt)
        key("activity")
        beginObject()
        field("_id", activity.messageID)
        field("name", activity.type)
        field("type", Self.eventType(activity.type))
        field("timestamp", activity.occurredAt)
        key("eventEmitter")
        beginObject()
        field("id", activity.senderID)
        field("type", activity.senderType == "CONNECTOR" ? "CUSTOMER" : activity.senderType)
        field("senderName", activity.senderName)
        endObject()
        field("summary", activity.summary)
        key("data")
        raw(activity.message.utf8)
        endObject()
        endObject()
    }

    private static func eventType(_ name: String) -> String {
        switch name {
        case "CUSTOMER_MESSAGE", "AGENT_MESSAGE", "BOT_MESSAGE", "CALL_LEG_STARTED", "CALL_LEG_ENDED", "VOICE_ACTIVITY",
            "IVR_AGGREGATED_ACTIVITY", "WRAPUP_APPLIED", "TASK_ENQUEUED":
            "ACTIVITY"
        case "ACTION_MESSAGE": "MESSAGE"
        default: "NOTIFICATION"
        }
    }
}
