import CIM
import Crypto
import EventLog

/// Finds (or creates) the customer an event belongs to. Deterministic, so that any replay
/// of the same log gives the same ids:
///
/// 1. `header.customer._id`/`id` wins. If the message also carries a channel identity that
///    so far belonged to a *derived* customer, that customer's history moves to the explicit
///    one (and the derived id answers as merged).
/// 2. Otherwise the channel identity (`channelCustomerIdentifier`) finds its customer,
///    preferring the same service identifier, then the identity seen first (then the
///    service identifier, so that ties are decided the same way in every replay).
/// 3. Otherwise a customer is created with an id derived from the identity:
///    `cx-` + the first 20 hex digits of SHA-256(identifier).
/// 4. Without any identity, the customer of the conversation or channel session is used.
struct IdentityResolver {
    let rows: TimelineWorkingSet

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
            let found = try rows.identities(of: identifier).min { Self.preferred($0, over: $1, service: service) }?.customerID
            let customer = try found.map(follow) ?? Self.derivedID(for: identifier)
            try ensureCustomer(customer, derived: found == nil ? true : nil, names: names, position: event.position)
            try touch(identifier: identifier, service: service, customer: customer, at: event.occurredAt)
            return customer
        }
        if let conversation = keys.conversationID, let customer = try rows.conversation(conversation)?.customerID {
            return try follow(customer)
        }
        if let session = keys.channelSessionID, let customer = try rows.session(session)?.customerID {
            return try follow(customer)
        }
        return nil
    }

    /// `cx-` + 20 hex digits of SHA-256 of the channel identifier.
    static func derivedID(for identifier: String) -> String {
        "cx-" + Array(SHA256.hash(data: Array(identifier.utf8))).hexPrefix(bytes: 10)
    }

    /// Which of an identity's rows names its customer: the same service first, then the
    /// first seen, then the service identifier (so that ties are decided the same way in
    /// every replay).
    private static func preferred(
        _ row: TimelineWorkingSet.Identity, over other: TimelineWorkingSet.Identity, service: String
    ) -> Bool {
        let (sameService, otherSameService) = (row.serviceIdentifier == service, other.serviceIdentifier == service)
        if sameService != otherSameService { return sameService }
        if row.firstSeenAt != other.firstSeenAt { return row.firstSeenAt < other.firstSeenAt }
        return row.serviceIdentifier < other.serviceIdentifier
    }

    /// The customer an id now answers as (following merges).
    private func follow(_ id: String) throws -> String {
        var current = id
        for _ in 0..<8 {
            guard let next = try rows.customer(current)?.mergedInto else { return current }
            current = next
        }
        return current
    }

    /// Creates or updates a customer. `derived` is `true` for a new derived customer,
    /// `false` for an explicit id (which is never derived), `nil` to leave it as it is.
    private func ensureCustomer(_ id: String, derived: Bool?, names: (first: String?, last: String?), position: LogPosition) throws {
        try rows.updateCustomer(id) { customer in
            guard var existing = customer else {
                customer = .init(
                    firstName: names.first, lastName: names.last, isDerived: derived ?? true, createdPosition: Int64(position.rawValue))
                return
            }
            existing.firstName = names.first ?? existing.firstName
            existing.lastName = names.last ?? existing.lastName
            existing.isDerived = derived ?? existing.isDerived
            customer = existing
        }
    }

    private func touch(identifier: String, service: String, customer: String, at time: Int64) throws {
        try rows.updateIdentities(of: identifier) { identities in
            if let index = identities.firstIndex(where: { $0.serviceIdentifier == service }) {
                identities[index].lastSeenAt = max(identities[index].lastSeenAt, time)
            } else {
                identities.append(.init(serviceIdentifier: service, customerID: customer, firstSeenAt: time, lastSeenAt: time))
            }
        }
    }

    /// Links an identity to an explicit customer; a derived owner's history moves with it.
    private func link(identifier: String, service: String, to customer: String, at time: Int64) throws {
        let owners = Set(try rows.identities(of: identifier).map { $0.customerID })
        for owner in owners.sorted() where owner != customer {
            if try rows.customer(owner)?.isDerived ?? false {
                try rows.merge(derived: owner, into: customer)
            } else {
                try rows.updateIdentities(of: identifier) { identities in
                    for index in identities.indices where identities[index].customerID == owner {
                        identities[index].customerID = customer
                    }
                }
            }
        }
        try rows.updateIdentities(of: identifier) { identities in
            if let index = identities.firstIndex(where: { $0.serviceIdentifier == service }) {
                identities[index].customerID = customer
                identities[index].lastSeenAt = max(identities[index].lastSeenAt, time)
            } else {
                identities.append(.init(serviceIdentifier: service, customerID: customer, firstSeenAt: time, lastSeenAt: time))
            }
        }
    }
}
