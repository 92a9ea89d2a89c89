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
    /// 2: a `VOICE` message with `markdownText` is summarized by its text.
    /// 3: activities and customers are in the full-text index.
    let version = 3
    let tables = [
        "customers", "customer_identities", "activities", "delivery_statuses", "conversations", "channel_sessions", "activity_search",
        "customer_search",
    ]

    /// The erased activities, the delivery statuses of their messages, and the customers with
    /// their identities, conversations, sessions and search documents. FTS5 (before SQLite
    /// 3.44's secure-delete) only marks deleted rows: the erased words stay in the index's
    /// segments until they are merged, so every segment is merged into one, which rewrites the
    /// index without them (and `secure_delete` zeroes the pages it frees).
    func erase(_ erased: ErasedRows, in db: Database) throws {
        let (positions, customers) = (erased.positions, erased.customers)
        try db.execute(
            sql: """
                DELETE FROM delivery_statuses WHERE position IN (\(positions))
                    OR message_id IN (SELECT message_id FROM activities WHERE position IN (\(positions)));
                DELETE FROM activity_search WHERE rowid IN (\(positions));
                DELETE FROM customer_search WHERE rowid IN (SELECT created_position FROM customers WHERE customer_id IN (\(customers)));
                DELETE FROM activities WHERE position IN (\(positions));
                DELETE FROM channel_sessions WHERE customer_id IN (\(customers))
                    OR conversation_id IN (SELECT conversation_id FROM conversations WHERE customer_id IN (\(customers)));
                DELETE FROM conversations WHERE customer_id IN (\(customers));
                DELETE FROM customer_identities WHERE customer_id IN (\(customers));
                UPDATE customers SET merged_into = NULL WHERE customer_id IN (\(customers));
                DELETE FROM customers WHERE customer_id IN (\(customers));
                INSERT INTO activity_search (activity_search) VALUES ('optimize');
                INSERT INTO customer_search (customer_search) VALUES ('optimize');
                """)
    }

    func apply(_ events: [ProjectedEvent], in db: Database) throws {
        let rows = TimelineWorkingSet(db: db, events: events)
        let resolver = IdentityResolver(rows: rows)
        for index in events.indices {
            try apply(events[index], at: index, rows: rows, resolver: resolver)
        }
        try rows.flush()
    }

    private func apply(_ event: ProjectedEvent, at index: Int, rows: TimelineWorkingSet, resolver: IdentityResolver) throws {
        let recorded = event.recorded
        let keys = recorded.routingKeys
        let time = recorded.occurredAt
        let names = event.message?.header.customerNames ?? (nil, nil)
        let customer = try resolver.resolve(keys, names: names, event: recorded)

        if case .deliveryNotification(let delivery)? = event.message?.body.content {
            rows.setDeliveryStatus(
                of: delivery.messageID,
                .init(
                    status: delivery.status ?? "DELIVERED", reasonCode: delivery.reasonCode, updatedAt: time,
                    position: Int64(recorded.position.rawValue)))
            return
        }

        rows.append(.init(index: index, customerID: customer))
        if let customer {
            try rows.updateCustomer(customer) { row in
                guard var counted = row else { return }
                counted.activityCount += 1
                counted.firstActivityAt = min(counted.firstActivityAt ?? time, time)
                counted.lastActivityAt = max(counted.lastActivityAt ?? time, time)
                row = counted
            }
        }
        if let session = keys.channelSessionID {
            try applySession(session, event: event, customer: customer, rows: rows)
        }
        if let conversation = keys.conversationID {
            try applyConversation(conversation, event: event, customer: customer, rows: rows)
        }
    }

    private func applySession(_ session: String, event: ProjectedEvent, customer: String?, rows: TimelineWorkingSet) throws {
        let keys = event.recorded.routingKeys
        let time = event.recorded.occurredAt
        try rows.updateSession(session) { row in
            var updated =
                row
                ?? .init(
                    customerID: customer, conversationID: keys.conversationID, serviceIdentifier: keys.serviceIdentifier,
                    channelCustomerIdentifier: keys.channelCustomerIdentifier, startedAt: time, lastActivityAt: time)
            if row != nil {
                updated.customerID = updated.customerID ?? customer
                updated.conversationID = keys.conversationID ?? updated.conversationID
                updated.serviceIdentifier = updated.serviceIdentifier ?? keys.serviceIdentifier
                updated.channelCustomerIdentifier = updated.channelCustomerIdentifier ?? keys.channelCustomerIdentifier
                updated.startedAt = min(updated.startedAt, time)
                updated.lastActivityAt = max(updated.lastActivityAt, time)
            }
            updated.activityCount += 1
            row = updated
        }

        guard case .notification(let notification)? = event.message?.body.content,
            ["CHANNEL_SESSION_ENDED", "CHANNEL_SESSION_EXPIRED"].contains(notification.notificationType)
        else { return }
        try rows.updateSession(session) { row in
            row?.status = "ENDED"
            row?.endedAt = time
        }
        guard let conversation = try keys.conversationID ?? rows.session(session)?.conversationID else { return }
        if try rows.openSessionCount(of: conversation) == 0 {
            try close(conversation, at: time, reason: notification.notificationType, rows: rows)
        }
    }

    private func applyConversation(_ conversation: String, event: ProjectedEvent, customer: String?, rows: TimelineWorkingSet) throws {
        let recorded = event.recorded
        let time = recorded.occurredAt
        try rows.updateConversation(conversation) { row in
            var updated = row ?? .init(customerID: customer, firstActivityAt: time, lastActivityAt: time)
            updated.customerID = updated.customerID ?? customer
            updated.firstActivityAt = min(updated.firstActivityAt, time)
            updated.lastActivityAt = max(updated.lastActivityAt, time)
            updated.activityCount += 1
            if let service = recorded.routingKeys.serviceIdentifier, !updated.channels.contains(.string(service)) {
                updated.channels.append(.string(service))
            }
            if let sender = event.message?.header.sender,
                !updated.participants.contains(where: { $0["type"] == .string(sender.type.rawValue) && $0["id"] == .string(sender.id) })
            {
                updated.participants.append(
                    .object(
                        JSONObject(members: [
                            ("type", .string(sender.type.rawValue)), ("id", .string(sender.id)), ("name", .text(sender.senderName)),
                        ])))
            }
            row = updated
        }
        guard let message = event.message else { return }
        switch message.body.content {
        case .wrapUp(let wrapUp):
            try rows.updateConversation(conversation) { row in
                for item in wrapUp.wrapUps {
                    row?.wrapUps.append(
                        .object(
                            JSONObject(members: [
                                ("categoryName", .text(item.categoryName)), ("value", .string(item.value)),
                                ("note", .text(wrapUp.note)), ("appliedAt", .number(JSONNumber(time))),
                                ("appliedBy", .string(message.header.sender.id)),
                            ])))
                }
            }
            try close(conversation, at: time, reason: "WRAPUP", rows: rows)
        case .action(let action) where action.name == "END_CONVERSATION":
            try close(conversation, at: time, reason: "END_CONVERSATION", rows: rows)
        default:
            if let intent = message.header.intent, intent == .endChat || intent == .endVoice {
                try close(conversation, at: time, reason: intent.rawValue, rows: rows)
            }
        }
    }

    private func close(_ conversation: String, at time: Int64, reason: String, rows: TimelineWorkingSet) throws {
        try rows.updateConversation(conversation) { row in
            guard row?.status == "ACTIVE" else { return }
            row?.status = "CLOSED"
            row?.closedAt = time
            row?.closedReason = reason
        }
    }
}

extension JSONValue {
    /// A string, or `null` when `nil`.
    fileprivate static func text(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }
}
