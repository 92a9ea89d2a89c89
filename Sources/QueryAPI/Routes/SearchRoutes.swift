import Hummingbird
import Projections

/// `GET /v1/search?q=…`: activities whose words, names or numbers match, newest first, each
/// in the history API's shape with a snippet; narrowed by `customerId` and the timeline's
/// filters, paged by cursor. The query language is ``SearchQuery``'s.
struct SearchRoutes: Sendable {
    typealias Context = StoreRequestContext

    let reads: ReadContext

    static var defaultLimit: UInt64 { 20 }
    static var maximumLimit: UInt64 { 100 }

    func register(on router: ScopedRouter) {
        router.get("/v1/search", .scope(.read)) { request, _ in try await search(request) }
    }

    private func search(_ request: Request) async throws -> Response {
        try await reads.awaitMinimumPosition(request)
        let query = request.uri.queryParameters
        let (_, search) = try QueryParameter.search(query)
        let limit = try QueryParameter.integer(query, "limit", default: Self.defaultLimit, range: 1...Self.maximumLimit)
        let filter = try QueryParameter.filter(query)
        let customer = query["customerId"].map(String.init)
        let cursor = query["cursor"].map(String.init)
        let page = try await reads.store.read { db -> SearchPage? in
            var canonical: String?
            if let customer {
                guard let found = try HistoryQueries.canonicalCustomerID(customer, in: db) else { return nil }
                canonical = found
            }
            return try SearchQueries.activities(matching: search, customerID: canonical, filter: filter, limit: Int(limit), cursor: cursor, in: db)
        }
        guard let page else { throw Problem.notFound("customer", customer ?? "") }
        var writer = JSONWriter(capacity: 1024 * page.results.count + 64)
        writer.searchPage(page)
        return reads.respond(writer)
    }
}
