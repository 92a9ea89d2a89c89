import CIM
import Crypto
import EventLog
import GRDB

/// Finds (or creates) the customer an event belongs to. Deterministic, so that any replay
/// of the same log gives the same ids:
///
/// 1. `header.customer._id`/`id` wins. If the message also carries a channel identity that
///    so far belonged to a *derived* customer, that customer's history moves to the explicit
///    one (and the derived id answers as merged).
/// 2. Otherwise the channel identity (`channelCustomerIdentifier`) finds its customer,
///    preferring the same service identifier.
/// 3. Otherwise a customer is created with an id derived from the identity:
///    `cx-` + the first 20 hex digits of SHA-256(identifier).
/// 4. Without any identity, the customer of the conversation or channel session is used.
struct IdentityResolver {
    let db: Database

    func resolve(_ keys: RoutingKeys, names: (first: String?, last: String?), event: RecordedEvent) throws -> String? {
        let identifier = keys.channelCustomerIdentifier
        let service = keys.serviceIdentifier ?? ""
        if let explicit = keys.customerID {
            let customer = try follow(explicit)
            try ensureCustomer(customer, derived: false, names: names, position: event.position)
            if let identifier {
                try link(identifier: identifier, service: service, to: customer, at: event.occurredAt)
            }
            return customer
        }
        if let identifier {
            let found = try String.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT customer_id FROM customer_identities WHERE channel_customer_identifier = ?
                        ORDER BY service_identifier = ? DESC, first_seen_at LIMIT 1
                        """),
                arguments: [identifier, service]
            )
            let customer = try found.map(follow) ?? Self.derivedID(for: identifier)
            try ensureCustomer(customer, derived: found == nil ? true : nil, names: names, position: event.position)
            try touch(identifier: identifier, service: service, customer: customer, at: event.occurredAt)
            return customer
        }
        if let conversation = keys.conversationID,
            let customer = try String.fetchOne(
                db.cachedStatement(sql: "SELECT customer_id FROM conversations WHERE conversation_id = ?"), arguments: [conversation])
        {
            return try follow(customer)
        }
        if let session = keys.channelSessionID,
            let customer = try String.fetchOne(
                db.cachedStatement(sql: "SELECT customer_id FROM channel_sessions WHERE channel_session_id = ?"), arguments: [session])
        {
            return try follow(customer)
        }
        return nil
    }

    /// `cx-` + 20 hex digits of SHA-256 of the channel identifier.
    static func derivedID(for identifier: String) -> String {
        let digest = SHA256.hash(data: Array(identifier.utf8))
        return "cx-" + digest.prefix(10).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    /// The customer an id now answers as (following merges).
    private func follow(_ id: String) throws -> String {
        var current = id
        for _ in 0..<8 {
            guard
                let next = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT merged_into FROM customers WHERE customer_id = ?"), arguments: [current])
            else { return current }
            current = next
        }
        return current
    }

    /// Creates or updates a customer. `derived` is `true` for a new derived customer,
    /// `false` for an explicit id (which is never derived), `nil` to leave it as it is.
    private func ensureCustomer(_ id: String, derived: Bool?, names: (first: String?, last: String?), position: LogPosition) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO customers (customer_id, first_name, last_name, is_derived, created_position) VALUES (?1, ?2, ?3, coalesce(?4, 1), ?5)
                ON CONFLICT (customer_id) DO UPDATE SET
                    first_name = coalesce(excluded.first_name, first_name),
                    last_name = coalesce(excluded.last_name, last_name),
                    is_derived = coalesce(?4, is_derived)
                """
        ).execute(arguments: [id, names.first, names.last, derived.map { $0 ? 1 : 0 }, Int64(position.rawValue)])
    }

    private func touch(identifier: String, service: String, customer: String, at time: Int64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO customer_identities (channel_customer_identifier, service_identifier, customer_id, first_seen_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (channel_customer_identifier, service_identifier) DO UPDATE SET
                    last_seen_at = max(last_seen_at, excluded.last_seen_at)
                """
        ).execute(arguments: [identifier, service, customer, time, time])
    }

    /// Links an identity to an explicit customer; a derived owner's history moves with it.
    private func link(identifier: String, service: String, to customer: String, at time: Int64) throws {
        let owners = try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT customer_id FROM customer_identities WHERE channel_customer_identifier = ?"),
            arguments: [identifier]
        )
        for owner in owners where owner != customer {
            let ownerIsDerived =
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT is_derived FROM customers WHERE customer_id = ?"), arguments: [owner]) ?? false
            if ownerIsDerived {
                try merge(derived: owner, into: customer)
            } else {
                try db.cachedStatement(
                    sql: "UPDATE customer_identities SET customer_id = ? WHERE channel_customer_identifier = ? AND customer_id = ?"
                ).execute(arguments: [customer, identifier, owner])
            }
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO customer_identities (channel_customer_identifier, service_identifier, customer_id, first_seen_at, last_seen_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (channel_customer_identifier, service_identifier) DO UPDATE SET
                    customer_id = excluded.customer_id, last_seen_at = max(last_seen_at, excluded.last_seen_at)
                """
        ).execute(arguments: [identifier, service, customer, time, time])
    }

    private func merge(derived: String, into customer: String) throws {
        for table in ["activities", "conversations", "channel_sessions", "customer_identities"] {
            try db.execute(sql: "UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", arguments: [customer, derived])
        }
        try db.execute(
            sql: """
                UPDATE customers SET
                    activity_count = activity_count + (SELECT activity_count FROM customers WHERE customer_id = ?1),
                    first_activity_at = min(coalesce(first_activity_at, 9223372036854775807),
                        coalesce((SELECT first_activity_at FROM customers WHERE customer_id = ?1), 9223372036854775807)),
                    last_activity_at = max(coalesce(last_activity_at, 0), coalesce((SELECT last_activity_at FROM customers WHERE customer_id = ?1), 0)),
                    first_name = coalesce(first_name, (SELECT first_name FROM customers WHERE customer_id = ?1)),
                    last_name = coalesce(last_name, (SELECT last_name FROM customers WHERE customer_id = ?1))
                WHERE customer_id = ?2
                """,
            arguments: [derived, customer]
        )
        try db.execute(
            sql: "UPDATE customers SET merged_into = ?, activity_count = 0, first_activity_at = NULL, last_activity_at = NULL WHERE customer_id = ?",
            arguments: [customer, derived]
        )
        try db.execute(
            sql:
                "UPDATE customers SET first_activity_at = NULLIF(first_activity_at, 9223372036854775807), last_activity_at = NULLIF(last_activity_at, 0) WHERE customer_id = ?",
            arguments: [customer]
        )
    }
}
