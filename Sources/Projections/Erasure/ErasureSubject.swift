import EventLog
import Foundation
import GRDB

/// Everything of one customer the read models know, found before an erasure: the customer
/// ids (merged ones included), channel identities, conversations, channel sessions and the
/// positions of their records.
struct ErasureSubject: Sendable {
    /// A channel identity: identifier and service identifier (`""` when none).
    struct Identity: Sendable, Hashable {
        let identifier: String
        let service: String
    }

    let customerIDs: [String]
    let identities: Set<Identity>
    let conversations: Set<String>
    let sessions: Set<String>
    /// Positions of the timeline rows (and the delivery notifications that updated them).
    let positions: Set<LogPosition>
    let activityCount: Int

    /// The customer `id` answers as (following merges), with everything of theirs.
    ///
    /// - Throws: ``ProjectionsError`` `customerErased` when no row is left but an erasure
    ///   names the id, `customerNotFound` when nothing ever did.
    static func find(_ id: String, in db: Database) throws -> ErasureSubject {
        guard let canonical = try HistoryQueries.canonicalCustomerID(id, in: db) else {
            let erased = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM erasures, json_each(erasures.customer_ids) WHERE json_each.value = ?)", arguments: [id])
            if erased == true {
                throw ProjectionsError(code: .customerErased, message: "customer \(id) was erased; nothing of theirs came since")
            }
            throw ProjectionsError(code: .customerNotFound, message: "no customer has the id \(id)")
        }
        let customers = try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE merged(id) AS (
                    SELECT ? UNION SELECT c.customer_id FROM customers c JOIN merged m ON c.merged_into = m.id)
                SELECT id FROM merged ORDER BY id = ? DESC, id
                """, arguments: [canonical, canonical])
        let customerList = try json(customers)
        let identities = try Row.fetchAll(
            db,
            sql:
                "SELECT channel_customer_identifier, service_identifier FROM customer_identities WHERE customer_id IN (SELECT value FROM json_each(?))",
            arguments: [customerList]
        ).map { Identity(identifier: $0[0], service: $0[1]) }
        let conversations = try String.fetchAll(
            db, sql: "SELECT conversation_id FROM conversations WHERE customer_id IN (SELECT value FROM json_each(?))", arguments: [customerList])
        let conversationList = try json(conversations)
        let sessions = try String.fetchAll(
            db,
            sql: """
                SELECT channel_session_id FROM channel_sessions WHERE customer_id IN (SELECT value FROM json_each(?))
                    OR conversation_id IN (SELECT value FROM json_each(?))
                """, arguments: [customerList, conversationList])
        let activities = try Int64.fetchAll(
            db,
            sql: """
                SELECT position FROM activities WHERE customer_id IN (SELECT value FROM json_each(?))
                    OR conversation_id IN (SELECT value FROM json_each(?)) OR channel_session_id IN (SELECT value FROM json_each(?))
                """, arguments: [customerList, conversationList, try json(sessions)])
        let deliveries = try Int64.fetchAll(
            db,
            sql: """
                SELECT d.position FROM delivery_statuses d JOIN activities a ON a.message_id = d.message_id
                WHERE a.position IN (SELECT value FROM json_each(?))
                """, arguments: [try json(activities)])
        return ErasureSubject(
            customerIDs: customers, identities: Set(identities), conversations: Set(conversations), sessions: Set(sessions),
            positions: Set((activities + deliveries).map { LogPosition(UInt64($0)) }), activityCount: activities.count)
    }

    /// Of `positions`, those with no timeline row: records the read models did not turn into
    /// a line (delivery notifications) but whose routing keys name this customer.
    static func withoutActivity(_ positions: Set<LogPosition>, in db: Database) throws -> Set<LogPosition> {
        let list = try json(positions.map { Int64($0.rawValue) })
        let rows = try Int64.fetchAll(
            db,
            sql: "SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.position = j.value)",
            arguments: [list])
        return Set(rows.map { LogPosition(UInt64($0)) })
    }

    /// Whether a record's routing keys name this customer: its customer id; without one, a
    /// channel identity of theirs; without either, a conversation or session of theirs.
    var matcher: @Sendable (RoutingKeys) -> Bool {
        let (customers, identities, conversations, sessions) = (Set(customerIDs), identities, conversations, sessions)
        return { keys in
            if let customer = keys.customerID { return customers.contains(customer) }
            if let identifier = keys.channelCustomerIdentifier {
                return identities.contains(Identity(identifier: identifier, service: keys.serviceIdentifier ?? ""))
            }
            if let conversation = keys.conversationID, conversations.contains(conversation) { return true }
            if let session = keys.channelSessionID, sessions.contains(session) { return true }
            return false
        }
    }

    private static func json<Value: Encodable>(_ values: [Value]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }
}
