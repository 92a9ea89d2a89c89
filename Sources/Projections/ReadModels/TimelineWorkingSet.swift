import CIM
import EventLog
import GRDB

/// The timeline rows one batch touches: each row is read once, changed in memory for every
/// event of the batch, and written once when the batch ends. Activities and delivery
/// statuses are written then too, customers first so that every reference holds.
///
/// A batch of a customer's conversation touches the same few rows many times; writing each
/// change as it happens cost a dozen statements per event. The set lives for one batch
/// (one transaction), so a rolled-back batch leaves nothing behind in memory, and memory
/// stays bounded by the batch size.
final class TimelineWorkingSet {
    struct Customer {
        var firstName: String?
        var lastName: String?
        var isDerived: Bool
        var mergedInto: String?
        var activityCount: Int64 = 0
        var firstActivityAt: Int64?
        var lastActivityAt: Int64?
        let createdPosition: Int64

        static let select = """
            SELECT first_name, last_name, is_derived, merged_into, activity_count, first_activity_at, last_activity_at,
                created_position FROM customers WHERE customer_id = ?
            """
    }

    struct Identity {
        let serviceIdentifier: String
        var customerID: String
        let firstSeenAt: Int64
        var lastSeenAt: Int64
    }

    struct Conversation {
        var customerID: String?
        var status = "ACTIVE"
        var closedReason: String?
        var firstActivityAt: Int64
        var lastActivityAt: Int64
        var closedAt: Int64?
        var activityCount: Int64 = 0
        var channels: [JSONValue] = []
        var participants: [JSONValue] = []
        var wrapUps: [JSONValue] = []

        static let select = """
            SELECT customer_id, status, closed_reason, first_activity_at, last_activity_at, closed_at, activity_count,
                channels, participants, wrap_ups FROM conversations WHERE conversation_id = ?
            """
    }

    struct ChannelSession {
        var customerID: String?
        var conversationID: String?
        var serviceIdentifier: String?
        var channelCustomerIdentifier: String?
        var status = "STARTED"
        var startedAt: Int64
        var endedAt: Int64?
        var lastActivityAt: Int64
        var activityCount: Int64 = 0

        static let select = """
            SELECT customer_id, conversation_id, service_identifier, channel_customer_identifier, status, started_at, ended_at,
                last_activity_at, activity_count FROM channel_sessions WHERE channel_session_id = ?
            """
    }

    /// A timeline line: the batch's event at `index`, and its customer.
    struct Activity {
        let index: Int
        var customerID: String?
    }

    struct DeliveryStatus {
        let status: String
        let reasonCode: Int64?
        let updatedAt: Int64
        let position: Int64
    }

    private let db: Database
    private let events: [ProjectedEvent]
    private var customers: [String: Customer] = [:]
    private var identities: [String: [Identity]] = [:]
    private var conversations: [String: Conversation] = [:]
    private var sessions: [String: ChannelSession] = [:]
    /// The ids of the sessions held in `sessions`, by conversation.
    private var sessionIDs: [String: Set<String>] = [:]
    /// Customers this batch created: no stored row names them yet, since every table but
    /// `customers` is written only when the batch ends.
    private var createdHere: Set<String> = []
    private var dirtyCustomers = ChangedKeys()
    private var dirtyIdentities = ChangedKeys()
    private var dirtyConversations = ChangedKeys()
    private var dirtySessions = ChangedKeys()
    private var activities: [Activity] = []
    private var deliveries: [String: DeliveryStatus] = [:]
    private var changedDeliveries = ChangedKeys()
    /// Customers whose names, identities or merge changed: their `customer_search` rows.
    private var searchChanged = ChangedKeys()

    /// An empty set for the batch `events`.
    init(db: Database, events: [ProjectedEvent]) {
        self.db = db
        self.events = events
    }

    // MARK: Reading

    /// The customer `id`, or `nil` when there is none.
    func customer(_ id: String) throws -> Customer? {
        try held(id, in: &customers, loadedBy: Customer.select) { row in
            Customer(
                firstName: row.text(0), lastName: row.text(1), isDerived: row.integer(2) == 1, mergedInto: row.text(3),
                activityCount: row.integer(4) ?? 0, firstActivityAt: row.integer(5), lastActivityAt: row.integer(6),
                createdPosition: row.integer(7) ?? 0)
        }
    }

    /// Every service's row for a channel identity.
    func identities(of identifier: String) throws -> [Identity] {
        if let rows = identities[identifier] { return rows }
        let loaded = try RawStatement(
            db,
            "SELECT service_identifier, customer_id, first_seen_at, last_seen_at FROM customer_identities WHERE channel_customer_identifier = ?"
        ).fetchAll([.text(identifier)]) { row in
            Identity(
                serviceIdentifier: row.text(0) ?? "", customerID: row.text(1) ?? "", firstSeenAt: row.integer(2) ?? 0,
                lastSeenAt: row.integer(3) ?? 0)
        }
        identities[identifier] = loaded
        return loaded
    }

    /// The conversation `id`, or `nil` when there is none.
    func conversation(_ id: String) throws -> Conversation? {
        try held(id, in: &conversations, loadedBy: Conversation.select) { row in
            Conversation(
                customerID: row.text(0), status: row.text(1) ?? "ACTIVE", closedReason: row.text(2), firstActivityAt: row.integer(3) ?? 0,
                lastActivityAt: row.integer(4) ?? 0, closedAt: row.integer(5), activityCount: row.integer(6) ?? 0,
                channels: Self.array(row.text(7)), participants: Self.array(row.text(8)), wrapUps: Self.array(row.text(9)))
        }
    }

    /// The channel session `id`, or `nil` when there is none.
    func session(_ id: String) throws -> ChannelSession? {
        if let session = sessions[id] { return session }
        let loaded = try RawStatement(db, ChannelSession.select).fetchOne([.text(id)]) { row in
            ChannelSession(
                customerID: row.text(0), conversationID: row.text(1), serviceIdentifier: row.text(2), channelCustomerIdentifier: row.text(3),
                status: row.text(4) ?? "STARTED", startedAt: row.integer(5) ?? 0, endedAt: row.integer(6), lastActivityAt: row.integer(7) ?? 0,
                activityCount: row.integer(8) ?? 0)
        }
        hold(session: loaded, id: id)
        return loaded
    }

    /// The row `key` of `rows`, read by `select` (its only parameter is the key) the first
    /// time the batch asks for it.
    private func held<Row>(_ key: String, in rows: inout [String: Row], loadedBy select: String, _ read: (RawRow) -> Row) throws -> Row? {
        if let row = rows[key] { return row }
        let loaded = try RawStatement(db, select).fetchOne([.text(key)], read)
        rows[key] = loaded
        return loaded
    }

    /// How many sessions of `conversation` are still open, counting this batch's changes.
    func openSessionCount(of conversation: String) throws -> Int {
        let stored = try RawStatement(
            db, "SELECT channel_session_id FROM channel_sessions WHERE conversation_id = ? AND status = 'STARTED'"
        ).fetchAll([.text(conversation)]) { row in row.text(0) ?? "" }
        let storedOpen = stored.filter { sessions[$0] == nil }.count
        let heldOpen = sessionIDs[conversation, default: []].filter { id in
            guard let session = sessions[id] else { return false }
            return session.conversationID == conversation && session.status == "STARTED"
        }.count
        return storedOpen + heldOpen
    }

    // MARK: Changing

    /// Changes (or creates, from `nil`) the customer `id`.
    func updateCustomer(_ id: String, _ change: (inout Customer?) throws -> Void) throws {
        var row = try customer(id)
        customers[id] = nil
        let before = row.map { [$0.firstName, $0.lastName, $0.mergedInto] }
        try change(&row)
        if before == nil, row != nil { createdHere.insert(id) }
        customers[id] = row
        guard let row else { return }
        dirtyCustomers.insert(id)
        if before != [row.firstName, row.lastName, row.mergedInto] { searchChanged.insert(id) }
    }

    /// Changes (or creates) the rows of a channel identity.
    func updateIdentities(of identifier: String, _ change: (inout [Identity]) throws -> Void) throws {
        var rows = try identities(of: identifier)
        identities[identifier] = nil
        let owners = rows.map(\.customerID)
        try change(&rows)
        identities[identifier] = rows
        dirtyIdentities.insert(identifier)
        let newOwners = rows.map(\.customerID)
        if newOwners != owners {
            for customer in Set(owners + newOwners).sorted() { searchChanged.insert(customer) }
        }
    }

    /// Changes (or creates, from `nil`) the conversation `id`.
    func updateConversation(_ id: String, _ change: (inout Conversation?) throws -> Void) throws {
        var row = try conversation(id)
        conversations[id] = nil
        try change(&row)
        conversations[id] = row
        if row != nil { dirtyConversations.insert(id) }
    }

    /// Changes (or creates, from `nil`) the channel session `id`.
    func updateSession(_ id: String, _ change: (inout ChannelSession?) throws -> Void) throws {
        var row = try session(id)
        sessions[id] = nil
        try change(&row)
        hold(session: row, id: id)
        if row != nil { dirtySessions.insert(id) }
    }

    private func hold(session: ChannelSession?, id: String) {
        sessions[id] = session
        if let conversation = session?.conversationID { sessionIDs[conversation, default: []].insert(id) }
    }

    /// Adds a timeline line.
    func append(_ activity: Activity) {
        activities.append(activity)
    }

    /// Records the latest delivery status of a message.
    func setDeliveryStatus(of messageID: String, _ status: DeliveryStatus) {
        deliveries[messageID] = status
        changedDeliveries.insert(messageID)
    }

    // MARK: Writing

    /// Moves a derived customer's history to `customer`: the stored rows in SQL (none when
    /// this batch created the derived customer), the rows of this batch in memory, and the
    /// derived customer answers as merged from then on.
    func merge(derived: String, into customer: String) throws {
        if !createdHere.contains(derived) {
            try flushCustomers()
            for table in ["activities", "conversations", "channel_sessions", "customer_identities"] {
                try RawStatement(db, "UPDATE \(table) SET customer_id = ?1 WHERE customer_id = ?2").execute([.text(customer), .text(derived)])
            }
        }
        for index in activities.indices where activities[index].customerID == derived {
            activities[index].customerID = customer
        }
        // Keys first, changes after: changing a dictionary while iterating it copies it.
        for id in conversations.filter({ $0.value.customerID == derived }).keys { conversations[id]?.customerID = customer }
        for id in sessions.filter({ $0.value.customerID == derived }).keys { sessions[id]?.customerID = customer }
        for identifier in identities.filter({ $0.value.contains { $0.customerID == derived } }).keys {
            for index in identities[identifier, default: []].indices where identities[identifier]?[index].customerID == derived {
                identities[identifier]?[index].customerID = customer
            }
        }
        guard let history = try self.customer(derived) else { return }
        try updateCustomer(customer) { row in
            guard var target = row else { return }
            target.activityCount += history.activityCount
            target.firstActivityAt = [target.firstActivityAt, history.firstActivityAt].compactMap { $0 }.min()
            target.lastActivityAt = [target.lastActivityAt, history.lastActivityAt].compactMap { $0 }.max()
            target.firstName = target.firstName ?? history.firstName
            target.lastName = target.lastName ?? history.lastName
            row = target
        }
        try updateCustomer(derived) { row in
            row?.mergedInto = customer
            row?.activityCount = 0
            row?.firstActivityAt = nil
            row?.lastActivityAt = nil
        }
    }

    /// Writes every change, each table in the order its rows first changed, customers first.
    func flush() throws {
        try flushCustomers()
        try flushIdentities()
        try flushConversations()
        try flushSessions()
        try flushActivities()
        try flushDeliveries()
        try flushCustomerSearch()
    }

    private func flushCustomers() throws {
        let customerUpsert = try RawStatement(
            db,
            """
            INSERT INTO customers (customer_id, first_name, last_name, is_derived, merged_into, activity_count,
                first_activity_at, last_activity_at, created_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (customer_id) DO UPDATE SET
                first_name = excluded.first_name, last_name = excluded.last_name, is_derived = excluded.is_derived,
                merged_into = excluded.merged_into, activity_count = excluded.activity_count,
                first_activity_at = excluded.first_activity_at, last_activity_at = excluded.last_activity_at
            """)
        // Merged customers last: `merged_into` names a customer that must exist by then
        // (merge targets are explicit customers, which are never merged themselves).
        let (unmerged, merged) = dirtyCustomers.inOrder.reduce(into: ([String](), [String]())) { lists, id in
            if customers[id]?.mergedInto == nil { lists.0.append(id) } else { lists.1.append(id) }
        }
        try write(unmerged + merged, of: customers, with: customerUpsert) { id, row in
            [
                .text(id), .text(row.firstName), .text(row.lastName), .integer(row.isDerived ? 1 : 0), .text(row.mergedInto),
                .integer(row.activityCount), .integer(row.firstActivityAt), .integer(row.lastActivityAt), .integer(row.createdPosition),
            ]
        }
        dirtyCustomers.removeAll()
    }

    private func flushIdentities() throws {
        let identityUpsert = try RawStatement(
            db,
            """
            INSERT INTO customer_identities (channel_customer_identifier, service_identifier, customer_id, first_seen_at, last_seen_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (channel_customer_identifier, service_identifier) DO UPDATE SET
                customer_id = excluded.customer_id, first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at
            """)
        for identifier in dirtyIdentities.inOrder {
            for row in identities[identifier] ?? [] {
                try identityUpsert.execute([
                    .text(identifier), .text(row.serviceIdentifier), .text(row.customerID), .integer(row.firstSeenAt), .integer(row.lastSeenAt),
                ])
            }
        }
        dirtyIdentities.removeAll()
    }

    private func flushConversations() throws {
        let conversationUpsert = try RawStatement(
            db,
            """
            INSERT INTO conversations (conversation_id, customer_id, status, closed_reason, first_activity_at, last_activity_at,
                closed_at, activity_count, channels, participants, wrap_ups)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (conversation_id) DO UPDATE SET
                customer_id = excluded.customer_id, status = excluded.status, closed_reason = excluded.closed_reason,
                first_activity_at = excluded.first_activity_at, last_activity_at = excluded.last_activity_at,
                closed_at = excluded.closed_at, activity_count = excluded.activity_count, channels = excluded.channels,
                participants = excluded.participants, wrap_ups = excluded.wrap_ups
            """)
        try write(dirtyConversations.inOrder, of: conversations, with: conversationUpsert) { id, row in
            [
                .text(id), .text(row.customerID), .text(row.status), .text(row.closedReason), .integer(row.firstActivityAt),
                .integer(row.lastActivityAt), .integer(row.closedAt), .integer(row.activityCount), .text(JSONValue.array(row.channels).compactText),
                .text(JSONValue.array(row.participants).compactText), .text(JSONValue.array(row.wrapUps).compactText),
            ]
        }
        dirtyConversations.removeAll()
    }

    private func flushSessions() throws {
        let sessionUpsert = try RawStatement(
            db,
            """
            INSERT INTO channel_sessions (channel_session_id, customer_id, conversation_id, service_identifier,
                channel_customer_identifier, status, started_at, ended_at, last_activity_at, activity_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel_session_id) DO UPDATE SET
                customer_id = excluded.customer_id, conversation_id = excluded.conversation_id,
                service_identifier = excluded.service_identifier, channel_customer_identifier = excluded.channel_customer_identifier,
                status = excluded.status, started_at = excluded.started_at, ended_at = excluded.ended_at,
                last_activity_at = excluded.last_activity_at, activity_count = excluded.activity_count
            """)
        try write(dirtySessions.inOrder, of: sessions, with: sessionUpsert) { id, row in
            [
                .text(id), .text(row.customerID), .text(row.conversationID), .text(row.serviceIdentifier), .text(row.channelCustomerIdentifier),
                .text(row.status), .integer(row.startedAt), .integer(row.endedAt), .integer(row.lastActivityAt), .integer(row.activityCount),
            ]
        }
        dirtySessions.removeAll()
    }

    /// Writes the rows `keys` name, in that order, each with `upsert`.
    private func write<Row>(
        _ keys: [String], of rows: [String: Row], with upsert: RawStatement, _ parameters: (String, Row) -> [SQLParameter]
    ) throws {
        for key in keys {
            guard let row = rows[key] else { continue }
            try upsert.execute(parameters(key, row))
        }
    }

    private func flushActivities() throws {
        let indexed = try RawStatement(db, "INSERT INTO activity_search (rowid, words, people, numbers, facets) VALUES (?, ?, ?, ?, ?)")
        let insert = try RawStatement(
            db,
            """
            INSERT INTO activities (position, message_id, type, body_type, customer_id, conversation_id, channel_session_id,
                service_identifier, channel_customer_identifier, sender_id, sender_type, sender_name, occurred_at, recorded_at,
                summary, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for activity in activities {
            let event = events[activity.index]
            let recorded = event.recorded
            let keys = recorded.routingKeys
            let sender = event.message?.header.sender
            try insert.execute([
                .integer(Int64(recorded.position.rawValue)), .text(recorded.messageID), .text(recorded.type),
                .text(event.message?.body.type.rawValue ?? "?"), .text(activity.customerID), .text(keys.conversationID),
                .text(keys.channelSessionID), .text(keys.serviceIdentifier), .text(keys.channelCustomerIdentifier), .text(sender?.id ?? "?"),
                .text(sender?.type.rawValue ?? "?"), .text(sender?.senderName), .integer(recorded.occurredAt), .integer(recorded.recordedAt),
                .text(event.summary), .utf8(recorded.payload),
            ])
            let document = event.searchDocument
            try indexed.execute([
                .integer(Int64(recorded.position.rawValue)), .text(document.words), .text(document.people), .text(document.numbers),
                .text(document.facets),
            ])
        }
        activities = []
    }

    /// Rewrites the `customer_search` row of each customer whose names, identities or
    /// merge changed (keyed by the customer's creating position, which no other customer
    /// shares); a merged customer answers under its target, so it has none.
    private func flushCustomerSearch() throws {
        let remove = try RawStatement(db, "DELETE FROM customer_search WHERE rowid = ?")
        let insert = try RawStatement(db, "INSERT INTO customer_search (rowid, customer_id, people, numbers) VALUES (?, ?, ?, ?)")
        let identitiesOf = try RawStatement(db, "SELECT channel_customer_identifier FROM customer_identities WHERE customer_id = ? ORDER BY 1")
        for id in searchChanged.inOrder {
            guard let row = try customer(id) else { continue }
            try remove.execute([.integer(row.createdPosition)])
            guard row.mergedInto == nil else { continue }
            let identities = try identitiesOf.fetchAll([.text(id)]) { $0.text(0) ?? "" }
            let document = SearchDocument(customerID: id, firstName: row.firstName, lastName: row.lastName, identities: identities)
            try insert.execute([.integer(row.createdPosition), .text(id), .text(document.people), .text(document.numbers)])
        }
        searchChanged.removeAll()
    }

    private func flushDeliveries() throws {
        let upsert = try RawStatement(
            db,
            """
            INSERT INTO delivery_statuses (message_id, status, reason_code, updated_at, position) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (message_id) DO UPDATE SET
                status = excluded.status, reason_code = excluded.reason_code,
                updated_at = excluded.updated_at, position = excluded.position
            """)
        for messageID in changedDeliveries.inOrder {
            guard let row = deliveries[messageID] else { continue }
            try upsert.execute([.text(messageID), .text(row.status), .integer(row.reasonCode), .integer(row.updatedAt), .integer(row.position)])
        }
        deliveries = [:]
        changedDeliveries.removeAll()
    }

    /// A JSON array column's elements (the schema's CHECK keeps the column valid JSON).
    private static func array(_ text: String?) -> [JSONValue] {
        guard let text, case .array(let elements)? = try? JSONParser().parse(Array(text.utf8)) else { return [] }
        return elements
    }
}
