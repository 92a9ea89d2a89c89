import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Projections

/// The CX Activities history for agent desks: customers, timelines, conversations,
/// single activities. Every route accepts `minPosition` (read-your-writes).
struct HistoryRoutes: Sendable {
    typealias Context = StoreRequestContext

    let reads: ReadContext

    static var defaultLimit: UInt64 { 50 }
    static var maximumLimit: UInt64 { 200 }
    /// The most customers one lookup by `q` answers with.
    static var maximumCustomers: UInt64 { 50 }

    func register(on router: ScopedRouter) {
        router.get("/v1/customers", .scope(.read)) { request, _ in try await customersByIdentity(request) }
        router.get("/v1/customers/:customerId", .scope(.read)) { request, context in try await customer(request, context) }
        router.get("/v1/customers/:customerId/activities", .scope(.read)) { request, context in try await timeline(request, context) }
        router.get("/v1/customers/:customerId/conversations", .scope(.read)) { request, context in try await conversations(request, context) }
        router.get("/v1/conversations/:conversationId", .scope(.read)) { request, context in try await conversation(request, context) }
        router.get("/v1/activities/:messageId", .scope(.read)) { request, context in try await activity(request, context) }
    }

    /// `?channelCustomerIdentifier=` (exact, optionally one `serviceIdentifier`) or `?q=`
    /// (an id, a phone number or part of one, an e-mail, names as typed so far).
    private func customersByIdentity(_ request: Request) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let query = request.uri.queryParameters
        let identifier = query["channelCustomerIdentifier"].map(String.init)
        let limit = try query["limit"].map { _ in try QueryParameter.integer(query, "limit", default: 10, range: 1...Self.maximumCustomers) }
        let customers: [CustomerView]
        switch (identifier, query["q"]) {
        case (let identifier?, nil) where !identifier.isEmpty:
            let service = query["serviceIdentifier"].map(String.init)
            let all = try await reads.store.read { db in
                try HistoryQueries.customers(channelCustomerIdentifier: identifier, serviceIdentifier: service, in: db)
            }
            customers = Array(all.prefix(limit.map(Int.init) ?? all.count))
        case (nil, _?):
            let (text, _) = try QueryParameter.search(query, prefixEveryWord: true)
            customers = try await reads.store.read { db in try SearchQueries.customers(matching: text, limit: Int(limit ?? 10), in: db) }
        case (_?, _?):
            throw Problem.badParameter("q", "cannot be combined with channelCustomerIdentifier; give one of them")
        case (_, nil):
            throw Problem.badParameter("channelCustomerIdentifier", "or q is required")
        }
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("customers")
        writer.beginArray()
        for customer in customers { writer.customer(customer) }
        writer.endArray()
        writer.endObject()
        return reads.respond(writer)
    }

    private func customer(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("customerId")
        guard let customer = try await reads.store.read({ db in try HistoryQueries.customer(id, in: db) }) else {
            throw Problem.notFound("customer", id)
        }
        var writer = JSONWriter(capacity: 256)
        writer.customer(customer)
        return reads.respond(writer)
    }

    private func timeline(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("customerId")
        let query = request.uri.queryParameters
        let limit = try QueryParameter.integer(query, "limit", default: Self.defaultLimit, range: 1...Self.maximumLimit)
        let order = try QueryParameter.order(query, default: .descending)
        let filter = try QueryParameter.filter(query)
        let cursor = query["cursor"].map(String.init)
        let page = try await reads.store.read { db -> ActivityPage? in
            guard let canonical = try HistoryQueries.canonicalCustomerID(id, in: db) else { return nil }
            return try HistoryQueries.timeline(customerID: canonical, filter: filter, order: order, limit: Int(limit), cursor: cursor, in: db)
        }
        guard let page else { throw Problem.notFound("customer", id) }
        var writer = JSONWriter(capacity: 1024 * page.activities.count + 64)
        writer.activityPage(page)
        return reads.respond(writer)
    }

    private func conversations(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("customerId")
        let query = request.uri.queryParameters
        let limit = try QueryParameter.integer(query, "limit", default: Self.defaultLimit, range: 1...Self.maximumLimit)
        let status = try query["status"].map { text -> String in
            let status = text.uppercased()
            guard status == "ACTIVE" || status == "CLOSED" else {
                throw Problem.badParameter("status", "must be ACTIVE or CLOSED, found \"\(text.prefix(40))\"")
            }
            return status
        }
        let cursor = query["cursor"].map(String.init)
        let page = try await reads.store.read { db -> ConversationPage? in
            guard let canonical = try HistoryQueries.canonicalCustomerID(id, in: db) else { return nil }
            return try HistoryQueries.conversations(customerID: canonical, status: status, limit: Int(limit), cursor: cursor, in: db)
        }
        guard let page else { throw Problem.notFound("customer", id) }
        var writer = JSONWriter(capacity: 512 * page.conversations.count + 64)
        writer.beginObject()
        writer.key("conversations")
        writer.beginArray()
        for conversation in page.conversations { writer.conversation(conversation) }
        writer.endArray()
        writer.field("nextCursor", page.nextCursor)
        writer.endObject()
        return reads.respond(writer)
    }

    private func conversation(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("conversationId")
        let query = request.uri.queryParameters
        let limit = try QueryParameter.integer(query, "limit", default: Self.defaultLimit, range: 1...Self.maximumLimit)
        let order = try QueryParameter.order(query, default: .ascending)
        let cursor = query["cursor"].map(String.init)
        let found = try await reads.store.read { db -> (ConversationView, ActivityPage)? in
            guard let conversation = try HistoryQueries.conversation(id, in: db) else { return nil }
            let page = try HistoryQueries.conversationActivities(conversationID: id, order: order, limit: Int(limit), cursor: cursor, in: db)
            return (conversation, page)
        }
        guard let (conversation, page) = found else { throw Problem.notFound("conversation", id) }
        var writer = JSONWriter(capacity: 1024 * page.activities.count + 512)
        writer.beginObject()
        writer.key("conversation")
        writer.conversation(conversation)
        writer.activityPageMembers(page)
        writer.endObject()
        return reads.respond(writer)
    }

    private func activity(_ request: Request, _ context: Context) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let id = try context.parameters.require("messageId")
        guard let position = try reads.runner.log.position(ofMessageID: id),
            let activity = try await reads.store.read({ db in try HistoryQueries.activity(at: position, in: db) })
        else {
            throw Problem.notFound("activity", id)
        }
        var writer = JSONWriter(capacity: 2048)
        writer.activity(activity)
        return reads.respond(writer)
    }
}
