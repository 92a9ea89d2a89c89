import CIM
import EventLog
import GRDB

/// `customers`, `customer_identities`, `activities`, `delivery_statuses`, `conversations`
/// and `channel_sessions`: the CX Activities history.
///
/// - One `activities` row per event, except delivery notifications, which update
///   `delivery_statuses` for the message they name instead of adding a timeline line.
/// - A conversation is `ACTIVE` until a wrap-up, an `END_CHAT`/`END_VOICE` intent, an
///   `END_CONVERSATION` action or the end of its last channel session; then `CLOSED`.
struct TimelineProjection: Projection {
    let name = "timeline"
    let version = 1

    func apply(_ events: [ProjectedEvent], in db: Database) throws {
        for event in events {
            try apply(event, in: db)
        }
    }

    private func apply(_ event: ProjectedEvent, in db: Database) throws {
        let recorded = event.recorded
        let keys = recorded.routingKeys
        let header = event.message?.header
        let names = (
            first: header?.channelData?.customerFirstName ?? header?.customer?.firstName,
            last: header?.channelData?.customerLastName ?? header?.customer?.lastName
        )
        let customer = try IdentityResolver(db: db).resolve(keys, names: names, event: recorded)

        if case .deliveryNotification(let delivery)? = event.message?.body.content {
            try db.cachedStatement(
                sql: """
                    INSERT INTO delivery_statuses (message_id, status, reason_code, updated_at, position) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (message_id) DO UPDATE SET
                        status = excluded.status, reason_code = excluded.reason_code,
                        updated_at = excluded.updated_at, position = excluded.position
                    """
            ).execute(arguments: [
                delivery.messageID, delivery.status ?? "DELIVERED", delivery.reasonCode, recorded.occurredAt, Int64(recorded.position.rawValue),
            ])
            return
        }

        let summary = event.message.map { Summary.of($0, type: recorded.type) } ?? "(message could not be decoded)"
        try db.cachedStatement(
            sql: """
                INSERT INTO activities (position, message_id, type, body_type, customer_id, conversation_id, channel_session_id,
                    service_identifier, channel_customer_identifier, sender_id, sender_type, sender_name, occurred_at, recorded_at,
                    summary, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            Int64(recorded.position.rawValue), recorded.messageID, recorded.type, event.message?.body.type.rawValue ?? "?",
            customer, keys.conversationID, keys.channelSessionID, keys.serviceIdentifier, keys.channelCustomerIdentifier,
            header?.sender.id ?? "?", header?.sender.type.rawValue ?? "?", header?.sender.senderName,
            recorded.occurredAt, recorded.recordedAt, summary, event.json,
        ])
        if let customer {
            try db.cachedStatement(
                sql: """
                    UPDATE customers SET activity_count = activity_count + 1,
                        first_activity_at = min(coalesce(first_activity_at, ?1), ?1),
                        last_activity_at = max(coalesce(last_activity_at, ?1), ?1)
                    WHERE customer_id = ?2
                    """
            ).execute(arguments: [recorded.occurredAt, customer])
        }
        if let session = keys.channelSessionID {
            try applySession(session, event: event, customer: customer, in: db)
        }
        if let conversation = keys.conversationID {
            try applyConversation(conversation, event: event, customer: customer, in: db)
        }
    }

    private func applySession(_ session: String, event: ProjectedEvent, customer: String?, in db: Database) throws {
        let recorded = event.recorded
        let keys = recorded.routingKeys
        try db.cachedStatement(
            sql: """
                INSERT INTO channel_sessions (channel_session_id, customer_id, conversation_id, service_identifier,
                    channel_customer_identifier, status, started_at, last_activity_at, activity_count)
                VALUES (?1, ?2, ?3, ?4, ?5, 'STARTED', ?6, ?6, 1)
                ON CONFLICT (channel_session_id) DO UPDATE SET
                    customer_id = coalesce(customer_id, excluded.customer_id),
                    conversation_id = coalesce(excluded.conversation_id, conversation_id),
                    service_identifier = coalesce(service_identifier, excluded.service_identifier),
                    channel_customer_identifier = coalesce(channel_customer_identifier, excluded.channel_customer_identifier),
                    started_at = min(started_at, excluded.started_at),
                    last_activity_at = max(last_activity_at, excluded.last_activity_at),
                    activity_count = activity_count + 1
                """
        ).execute(arguments: [session, customer, keys.conversationID, keys.serviceIdentifier, keys.channelCustomerIdentifier, recorded.occurredAt])

        guard case .notification(let notification)? = event.message?.body.content,
            ["CHANNEL_SESSION_ENDED", "CHANNEL_SESSION_EXPIRED"].contains(notification.notificationType)
        else { return }
        try db.cachedStatement(sql: "UPDATE channel_sessions SET status = 'ENDED', ended_at = ? WHERE channel_session_id = ?")
            .execute(arguments: [recorded.occurredAt, session])
        let conversation =
            try keys.conversationID
            ?? String.fetchOne(
                db.cachedStatement(sql: "SELECT conversation_id FROM channel_sessions WHERE channel_session_id = ?"), arguments: [session])
        guard let conversation else { return }
        let open =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM channel_sessions WHERE conversation_id = ? AND status = 'STARTED'"),
                arguments: [conversation]) ?? 0
        if open == 0 {
            try close(conversation, at: recorded.occurredAt, reason: notification.notificationType, in: db)
        }
    }

    private func applyConversation(_ conversation: String, event: ProjectedEvent, customer: String?, in db: Database) throws {
        let recorded = event.recorded
        let sender = event.message?.header.sender
        try db.cachedStatement(
            sql: """
                INSERT INTO conversations (conversation_id, customer_id, status, first_activity_at, last_activity_at, activity_count)
                VALUES (?1, ?2, 'ACTIVE', ?3, ?3, 1)
                ON CONFLICT (conversation_id) DO UPDATE SET
                    customer_id = coalesce(customer_id, excluded.customer_id),
                    first_activity_at = min(first_activity_at, excluded.first_activity_at),
                    last_activity_at = max(last_activity_at, excluded.last_activity_at),
                    activity_count = activity_count + 1
                """
        ).execute(arguments: [conversation, customer, recorded.occurredAt])
        if let service = recorded.routingKeys.serviceIdentifier {
            try db.cachedStatement(
                sql: """
                    UPDATE conversations SET channels = json_insert(channels, '$[#]', ?1)
                    WHERE conversation_id = ?2 AND NOT EXISTS (SELECT 1 FROM json_each(channels) WHERE value = ?1)
                    """
            ).execute(arguments: [service, conversation])
        }
        if let sender {
            try db.cachedStatement(
                sql: """
                    UPDATE conversations SET participants = json_insert(participants, '$[#]', json_object('type', ?1, 'id', ?2, 'name', ?3))
                    WHERE conversation_id = ?4 AND NOT EXISTS (
                        SELECT 1 FROM json_each(participants) WHERE json_extract(value, '$.type') = ?1 AND json_extract(value, '$.id') = ?2)
                    """
            ).execute(arguments: [sender.type.rawValue, sender.id, sender.senderName, conversation])
        }
        guard let message = event.message else { return }
        switch message.body.content {
        case .wrapUp(let wrapUp):
            for item in wrapUp.wrapUps {
                try db.cachedStatement(
                    sql: """
                        UPDATE conversations SET wrap_ups = json_insert(wrap_ups, '$[#]',
                            json_object('categoryName', ?, 'value', ?, 'note', ?, 'appliedAt', ?, 'appliedBy', ?))
                        WHERE conversation_id = ?
                        """
                ).execute(arguments: [item.categoryName, item.value, wrapUp.note, recorded.occurredAt, message.header.sender.id, conversation])
            }
            try close(conversation, at: recorded.occurredAt, reason: "WRAPUP", in: db)
        case .action(let action) where action.name == "END_CONVERSATION":
            try close(conversation, at: recorded.occurredAt, reason: "END_CONVERSATION", in: db)
        default:
            if let intent = message.header.intent, intent == .endChat || intent == .endVoice {
                try close(conversation, at: recorded.occurredAt, reason: intent.rawValue, in: db)
            }
        }
    }

    private func close(_ conversation: String, at time: Int64, reason: String, in db: Database) throws {
        try db.cachedStatement(
            sql: "UPDATE conversations SET status = 'CLOSED', closed_at = ?, closed_reason = ? WHERE conversation_id = ? AND status = 'ACTIVE'"
        ).execute(arguments: [time, reason, conversation])
    }
}
