import EventLog
import Projections

extension JSONWriter {
    /// One log event as the events feed and stream show it:
    /// `{"position","type","recordedAt","message"}`, the message exactly as accepted; a
    /// redacted record as `{"position","type","recordedAt","messageId","redactedBy","message":null}`.
    mutating func event(_ event: RecordedEvent) {
        beginObject()
        field("position", event.position.rawValue)
        field("type", event.type)
        field("recordedAt", event.recordedAt)
        if let erasure = event.redactedBy {
            field("messageId", event.messageID)
            field("redactedBy", erasure.rawValue)
            key("message")
            null()
        } else {
            key("message")
            raw(event.payload)
        }
        endObject()
    }

    /// `{"activities": [activity + "snippet": [{"text", "match"}]], "nextCursor"}`.
    mutating func searchPage(_ page: SearchPage) {
        beginObject()
        key("activities")
        beginArray()
        for result in page.results {
            activity(result.activity) { writer in
                writer.key("snippet")
                writer.beginArray()
                for part in result.snippet.parts {
                    writer.beginObject()
                    writer.field("text", part.text)
                    writer.field("match", part.isMatch)
                    writer.endObject()
                }
                writer.endArray()
            }
        }
        endArray()
        field("nextCursor", page.nextCursor)
        endObject()
    }

    /// An activity: `{"messageId", "position", "type", "occurredAt", "recordedAt", "customerId",
    /// "conversationId", "channelSessionId", "serviceIdentifier", "sender": {"id", "type", "name"},
    /// "summary", "deliveryStatus", "message"}`, the message spliced as accepted; `extra`
    /// writes members of its own after them.
    mutating func activity(_ activity: ActivityView, extra: (inout JSONWriter) -> Void = { _ in }) {
        beginObject()
        field("messageId", activity.messageID)
        field("position", activity.position)
        field("type", activity.type)
        field("occurredAt", activity.occurredAt)
        field("recordedAt", activity.recordedAt)
        field("customerId", activity.customerID)
        field("conversationId", activity.conversationID)
        field("channelSessionId", activity.channelSessionID)
        field("serviceIdentifier", activity.serviceIdentifier)
        key("sender")
        beginObject()
        field("id", activity.senderID)
        field("type", activity.senderType)
        field("name", activity.senderName)
        endObject()
        field("summary", activity.summary)
        field("deliveryStatus", activity.deliveryStatus)
        key("message")
        raw(activity.message.utf8)
        extra(&self)
        endObject()
    }

    /// A call: `{"callId", "provider", "customerId", "conversationId", "status", "statusAt",
    /// "agent", "menuPath", "failReason", "waitSeconds", "talkSeconds", "holdSeconds",
    /// "transferCount", "firstActivityAt", "lastActivityAt", "history": [activities]}`.
    mutating func call(_ call: CallView) {
        beginObject()
        field("callId", call.callID)
        field("provider", call.provider)
        field("customerId", call.customerID)
        field("conversationId", call.conversationID)
        field("status", call.status)
        field("statusAt", call.statusAt)
        field("agent", call.agent)
        field("menuPath", call.menuPath)
        field("failReason", call.failReason)
        field("waitSeconds", call.waitSeconds)
        field("talkSeconds", call.talkSeconds)
        field("holdSeconds", call.holdSeconds)
        field("transferCount", call.transferCount)
        field("firstActivityAt", call.firstActivityAt)
        field("lastActivityAt", call.lastActivityAt)
        key("history")
        beginArray()
        for item in call.history { activity(item) }
        endArray()
        endObject()
    }

    /// `{"activities": [...], "nextCursor": "…" | null}`.
    mutating func activityPage(_ page: ActivityPage) {
        beginObject()
        activityPageMembers(page)
        endObject()
    }

    /// The `"activities"` and `"nextCursor"` members of a page, inside an open object.
    mutating func activityPageMembers(_ page: ActivityPage) {
        key("activities")
        beginArray()
        for item in page.activities { activity(item) }
        endArray()
        field("nextCursor", page.nextCursor)
    }

    /// A customer: `{"customerId", "firstName", "lastName", "derived", "identities": [...],
    /// "activityCount", "firstActivityAt", "lastActivityAt"}`.
    mutating func customer(_ customer: CustomerView) {
        beginObject()
        field("customerId", customer.customerID)
        field("firstName", customer.firstName)
        field("lastName", customer.lastName)
        field("derived", customer.isDerived)
        key("identities")
        beginArray()
        for identity in customer.identities {
            beginObject()
            field("channelCustomerIdentifier", identity.channelCustomerIdentifier)
            field("serviceIdentifier", identity.serviceIdentifier.isEmpty ? nil : identity.serviceIdentifier)
            field("firstSeenAt", identity.firstSeenAt)
            field("lastSeenAt", identity.lastSeenAt)
            endObject()
        }
        endArray()
        field("activityCount", customer.activityCount)
        field("firstActivityAt", customer.firstActivityAt)
        field("lastActivityAt", customer.lastActivityAt)
        endObject()
    }

    /// A conversation: `{"conversationId", "customerId", "status", "closedReason",
    /// "firstActivityAt", "lastActivityAt", "closedAt", "activityCount", "channels",
    /// "participants", "wrapUps"}`.
    mutating func conversation(_ conversation: ConversationView) {
        beginObject()
        field("conversationId", conversation.conversationID)
        field("customerId", conversation.customerID)
        field("status", conversation.status)
        field("closedReason", conversation.closedReason)
        field("firstActivityAt", conversation.firstActivityAt)
        field("lastActivityAt", conversation.lastActivityAt)
        field("closedAt", conversation.closedAt)
        field("activityCount", conversation.activityCount)
        key("channels")
        raw(conversation.channelsJSON.utf8)
        key("participants")
        raw(conversation.participantsJSON.utf8)
        key("wrapUps")
        raw(conversation.wrapUpsJSON.utf8)
        endObject()
    }

    /// What an erasure did (the answer of `DELETE /v1/customers/{id}`).
    mutating func erasureReceipt(_ receipt: ErasureReceipt) {
        beginObject()
        field("erasureId", receipt.erasureID)
        field("customerId", receipt.customerID)
        key("customerIds")
        beginArray()
        for id in receipt.customerIDs { string(id) }
        endArray()
        field("position", receipt.position)
        erasedCounts(
            records: Int64(receipt.records), activities: Int64(receipt.activities), identities: Int64(receipt.identities),
            conversations: Int64(receipt.conversations))
        field("readModelsErased", receipt.readModelsErased)
        endObject()
    }

    /// One row of the erasure audit.
    mutating func erasure(_ erasure: ErasureView) {
        beginObject()
        field("erasureId", erasure.erasureID)
        field("customerId", erasure.customerID)
        key("customerIds")
        raw(Array(erasure.customerIDs.utf8))
        field("position", erasure.position)
        field("reason", erasure.reason)
        field("requestedBy", erasure.requestedBy)
        field("requestedAt", erasure.requestedAt)
        erasedCounts(records: erasure.records, activities: erasure.activities, identities: erasure.identities, conversations: erasure.conversations)
        endObject()
    }

    /// `"erased": {"records", "activities", "identities", "conversations"}`.
    private mutating func erasedCounts(records: Int64, activities: Int64, identities: Int64, conversations: Int64) {
        key("erased")
        beginObject()
        field("records", records)
        field("activities", activities)
        field("identities", identities)
        field("conversations", conversations)
        endObject()
    }
}
