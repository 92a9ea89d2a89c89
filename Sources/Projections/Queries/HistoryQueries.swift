public import EventLog
public import GRDB

/// The read-model queries behind the history API. Timelines order by occurred-at, then
/// position; pages are keyset pages (never OFFSET), so a page never repeats or skips a row
/// while events keep arriving. Every query runs in the caller's read transaction.
public enum HistoryQueries {
    static let activityColumns = """
        a.message_id, a.position, a.type, a.occurred_at, a.recorded_at, a.customer_id, a.conversation_id,
        a.channel_session_id, a.service_identifier, a.sender_id, a.sender_type, a.sender_name, a.summary,
        d.status AS delivery_status, a.message
        """

    /// The id a customer id answers as now (following merges of derived customers).
    public static func canonicalCustomerID(_ id: String, in db: Database) throws -> String? {
        var current = id
        for _ in 0..<8 {
            guard let row = try Row.fetchOne(db, sql: "SELECT merged_into FROM customers WHERE customer_id = ?", arguments: [current]) else {
                return nil
            }
            guard let next: String = row["merged_into"] else { return current }
            current = next
        }
        return current
    }

    /// A customer with its identities, or `nil`.
    public static func customer(_ id: String, in db: Database) throws -> CustomerView? {
        guard let canonical = try canonicalCustomerID(id, in: db),
            let row = try Row.fetchOne(db, sql: "SELECT * FROM customers WHERE customer_id = ?", arguments: [canonical])
        else { return nil }
        let identities = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM customer_identities WHERE customer_id = ?
                ORDER BY first_seen_at, channel_customer_identifier, service_identifier
                """,
            arguments: [canonical]
        ).map { identity in
            IdentityView(
                channelCustomerIdentifier: identity["channel_customer_identifier"],
                serviceIdentifier: identity["service_identifier"],
                firstSeenAt: identity["first_seen_at"],
                lastSeenAt: identity["last_seen_at"]
            )
        }
        return CustomerView(
            customerID: row["customer_id"],
            firstName: row["first_name"],
            lastName: row["last_name"],
            isDerived: row["is_derived"],
            identities: identities,
            activityCount: row["activity_count"],
            firstActivityAt: row["first_activity_at"],
            lastActivityAt: row["last_activity_at"]
        )
    }

    /// The customers known by a channel identity (one service, or any).
    public static func customers(channelCustomerIdentifier: String, serviceIdentifier: String?, in db: Database) throws -> [CustomerView] {
        var sql = "SELECT DISTINCT customer_id FROM customer_identities WHERE channel_customer_identifier = ?"
        var arguments: StatementArguments = [channelCustomerIdentifier]
        if let serviceIdentifier {
            sql += " AND service_identifier = ?"
            arguments += [serviceIdentifier]
        }
        sql += " ORDER BY customer_id"
        return try String.fetchAll(db, sql: sql, arguments: arguments).compactMap { try customer($0, in: db) }
    }

    /// A customer's timeline page.
    public static func timeline(
        customerID: String,
        filter: TimelineFilter,
        order: PageOrder,
        limit: Int,
        cursor: String?,
        in db: Database
    ) throws -> ActivityPage {
        var conditions = ["a.customer_id = ?"]
        var arguments: StatementArguments = [customerID]
        filter.narrow(&conditions, &arguments)
        return try activityPage(conditions: conditions, arguments: arguments, order: order, limit: limit, cursor: cursor, in: db)
    }

    /// A conversation's activities, oldest first unless asked otherwise.
    public static func conversationActivities(
        conversationID: String,
        order: PageOrder,
        limit: Int,
        cursor: String?,
        in db: Database
    ) throws -> ActivityPage {
        try activityPage(conditions: ["a.conversation_id = ?"], arguments: [conversationID], order: order, limit: limit, cursor: cursor, in: db)
    }

    /// The activities after log position `after` and up to `through`, in position order, at
    /// most `limit`: all of them, or those of one customer or one conversation.
    public static func activities(
        after: Int64, through: Int64, customerID: String? = nil, conversationID: String? = nil, limit: Int, in db: Database
    ) throws -> [ActivityView] {
        var conditions = ["a.position > ?", "a.position <= ?"]
        var arguments: StatementArguments = [after, through]
        if let customerID {
            conditions.append("a.customer_id = ?")
            arguments += [customerID]
        }
        if let conversationID {
            conditions.append("a.conversation_id = ?")
            arguments += [conversationID]
        }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(activityColumns) FROM activities a LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.position LIMIT ?
                """,
            arguments: arguments + [limit]
        ).map(activityView)
    }

    /// One page of a customer's export: their activities up to log position `through`, in
    /// time order (then position), after the activity at `after` (its occurred-at and
    /// position), at most `limit`. Read along the customer index, so that each page costs the
    /// same however long the history.
    public static func exportPage(
        customerID: String, through: Int64, after: (occurredAt: Int64, position: Int64)?, limit: Int, in db: Database
    ) throws -> [ActivityView] {
        var conditions = ["a.customer_id = ?", "a.position <= ?"]
        var arguments: StatementArguments = [customerID, through]
        if let after {
            // A row value, which SQLite reads as a range of the index (an OR of the two
            // comparisons would walk the customer's rows from the first on every page).
            conditions.append("(a.occurred_at, a.position) > (?, ?)")
            arguments += [after.occurredAt, after.position]
        }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(activityColumns) FROM activities a LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.occurred_at, a.position LIMIT ?
                """,
            arguments: arguments + [limit]
        ).map(activityView)
    }

    /// The activity at a log position (the log finds a message id's position).
    public static func activity(at position: LogPosition, in db: Database) throws -> ActivityView? {
        try Row.fetchOne(
            db,
            sql: "SELECT \(activityColumns) FROM activities a LEFT JOIN delivery_statuses d ON d.message_id = a.message_id WHERE a.position = ?",
            arguments: [Int64(position.rawValue)]
        ).map(activityView)
    }

    /// The agent-desk compatibility page (optionally one activity type): `page` counts pages
    /// of `limit`. The only OFFSET query, because the desk's protocol is page numbers.
    public static func legacyPage(
        customerID: String, type: String?, limit: Int, page: Int, in db: Database
    ) throws -> (activities: [ActivityView], total: Int) {
        let typeCondition = type == nil ? "" : " AND a.type = ?"
        let typeArgument: StatementArguments = type.map { [$0] } ?? []
        let total =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM activities a WHERE a.customer_id = ?" + typeCondition, arguments: [customerID] + typeArgument) ?? 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(activityColumns) FROM activities a LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE a.customer_id = ?\(typeCondition) ORDER BY a.occurred_at DESC, a.position DESC LIMIT ? OFFSET ?
                """,
            arguments: [customerID] + typeArgument + [limit, page * limit]
        )
        return (rows.map(activityView), total)
    }

    /// One conversation, or `nil`.
    public static func conversation(_ id: String, in db: Database) throws -> ConversationView? {
        try Row.fetchOne(db, sql: "SELECT * FROM conversations WHERE conversation_id = ?", arguments: [id]).map(conversationView)
    }

    /// A customer's conversations, most recently active first.
    public static func conversations(customerID: String, status: String?, limit: Int, cursor: String?, in db: Database) throws -> ConversationPage {
        var conditions = ["customer_id = ?"]
        var arguments: StatementArguments = [customerID]
        if let status {
            conditions.append("status = ?")
            arguments += [status]
        }
        if let cursor {
            let position = try PageCursor.decode(cursor, order: "conversations")
            conditions.append("(last_activity_at < ? OR (last_activity_at = ? AND conversation_id < ?))")
            arguments += [position.time, position.time, position.tieBreaker]
        }
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT * FROM conversations WHERE \(conditions.joined(separator: " AND ")) ORDER BY last_activity_at DESC, conversation_id DESC LIMIT ?",
            arguments: arguments + [limit + 1]
        )
        let conversations = rows.prefix(limit).map(conversationView)
        let next =
            rows.count > limit
            ? conversations.last.map { PageCursor(order: "conversations", time: $0.lastActivityAt, tieBreaker: $0.conversationID).encoded() } : nil
        return ConversationPage(conversations: conversations, nextCursor: next)
    }

    private static func activityPage(
        conditions: [String],
        arguments: StatementArguments,
        order: PageOrder,
        limit: Int,
        cursor: String?,
        in db: Database
    ) throws -> ActivityPage {
        var conditions = conditions
        var arguments = arguments
        let comparison = order == .descending ? "<" : ">"
        if let cursor {
            let after = try PageCursor.position(cursor, order: order.rawValue)
            conditions.append("(a.occurred_at \(comparison) ? OR (a.occurred_at = ? AND a.position \(comparison) ?))")
            arguments += [after.time, after.time, after.position]
        }
        let direction = order == .descending ? "DESC" : "ASC"
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(activityColumns) FROM activities a LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE \(conditions.joined(separator: " AND "))
                ORDER BY a.occurred_at \(direction), a.position \(direction) LIMIT ?
                """,
            arguments: arguments + [limit + 1]
        )
        let activities = rows.prefix(limit).map(activityView)
        let next =
            rows.count > limit
            ? activities.last.map { PageCursor(order: order.rawValue, time: $0.occurredAt, tieBreaker: String($0.position)).encoded() } : nil
        return ActivityPage(activities: activities, nextCursor: next)
    }

    static func activityView(_ row: Row) -> ActivityView {
        ActivityView(
            messageID: row["message_id"],
            position: row["position"],
            type: row["type"],
            occurredAt: row["occurred_at"],
            recordedAt: row["recorded_at"],
            customerID: row["customer_id"],
            conversationID: row["conversation_id"],
            channelSessionID: row["channel_session_id"],
            serviceIdentifier: row["service_identifier"],
            senderID: row["sender_id"],
            senderType: row["sender_type"],
            senderName: row["sender_name"],
            summary: row["summary"],
            deliveryStatus: row["delivery_status"],
            message: row["message"]
        )
    }

    private static func conversationView(_ row: Row) -> ConversationView {
        ConversationView(
            conversationID: row["conversation_id"],
            customerID: row["customer_id"],
            status: row["status"],
            closedReason: row["closed_reason"],
            firstActivityAt: row["first_activity_at"],
            lastActivityAt: row["last_activity_at"],
            closedAt: row["closed_at"],
            activityCount: row["activity_count"],
            channelsJSON: row["channels"],
            participantsJSON: row["participants"],
            wrapUpsJSON: row["wrap_ups"]
        )
    }
}
