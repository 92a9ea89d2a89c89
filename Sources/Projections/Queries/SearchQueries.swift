import Foundation
public import GRDB

/// Full-text search over the read models (`activity_search`, `customer_search`). Activities
/// come newest first by log position, the order FTS5 walks its index in, so a page stops
/// after `limit` matches instead of sorting every match; pages are keyset pages on that
/// position.
public enum SearchQueries {
    /// A page of activities matching `query` and `filter` (and one customer's, with
    /// `customerID`), each with a snippet.
    ///
    /// Across every customer the index leads: FTS5 walks its matches newest first and the
    /// page ends after `limit`. Within one customer their activities lead, each checked
    /// against the index by rowid: a common word matches a hundred thousand activities,
    /// a customer has a few hundred.
    public static func activities(
        matching query: SearchQuery, customerID: String?, filter: TimelineFilter, limit: Int, cursor: String?, in db: Database
    ) throws -> SearchPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let customerID {
            conditions.append("a.customer_id = ?")
            arguments += [customerID]
        }
        filter.narrow(&conditions, &arguments)
        if let cursor {
            conditions.append("a.position < ?")
            arguments += [try PageCursor.position(cursor, order: "search").position]
        }
        let rows = try matching {
            customerID == nil
                ? try indexLed(query.match, filter: filter, conditions: conditions, arguments: arguments, limit: limit + 1, in: db)
                : try activityLed(query.match, conditions: conditions, arguments: arguments, limit: limit + 1, in: db)
        }
        let results = try rows.prefix(limit).map { row in
            let activity = HistoryQueries.activityView(row)
            let marked: String? =
                try row["snippet"]
                ?? String.fetchOne(
                    db, sql: "SELECT \(snippet) FROM activity_search WHERE activity_search MATCH ? AND rowid = ?",
                    arguments: [query.match, activity.position])
            return SearchResult(activity: activity, snippet: SearchSnippet(marked: marked ?? ""))
        }
        let next =
            rows.count > limit
            ? results.last.map { PageCursor(order: "search", time: 0, tieBreaker: String($0.activity.position)).encoded() } : nil
        return SearchPage(results: results, nextCursor: next)
    }

    /// FTS5 walks the matches newest first, type and channel narrowed inside it; each row
    /// comes with its snippet.
    private static func indexLed(
        _ match: String, filter: TimelineFilter, conditions: [String], arguments: StatementArguments, limit: Int, in db: Database
    ) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT \(HistoryQueries.activityColumns), \(snippet) AS snippet
                FROM activity_search s JOIN activities a ON a.position = s.rowid
                LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE activity_search MATCH ?\(conditions.map { " AND " + $0 }.joined()) ORDER BY s.rowid DESC LIMIT ?
                """,
            arguments: [narrowed(match, by: filter)] + arguments + [limit])
    }

    /// The customer's activities newest first, each probed in the index by rowid; without
    /// snippets (the caller fetches those for the page only).
    private static func activityLed(
        _ match: String, conditions: [String], arguments: StatementArguments, limit: Int, in db: Database
    ) throws -> [Row] {
        let probe = "EXISTS (SELECT 1 FROM activity_search WHERE activity_search MATCH ? AND rowid = a.position)"
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(HistoryQueries.activityColumns), NULL AS snippet
                FROM activities a LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE \((conditions + [probe]).joined(separator: " AND ")) ORDER BY a.position DESC LIMIT ?
                """,
            arguments: arguments + [match, limit])
    }

    /// `match` and the filter's type and channel as facet tokens: FTS5 intersects their
    /// doclists, where a condition on the joined row would read the row of every match of a
    /// common word (42 s cold for `billing` in a type no activity of the word has, on 1M).
    private static func narrowed(_ match: String, by filter: TimelineFilter) -> String {
        var facets: [String] = []
        if !filter.types.isEmpty {
            facets.append("(" + filter.types.map { "\"\(SearchDocument.facet(.type, $0))\"" }.joined(separator: " OR ") + ")")
        }
        if let channel = filter.serviceIdentifier { facets.append("\"\(SearchDocument.facet(.channel, channel))\"") }
        guard !facets.isEmpty else { return match }
        return "(\(match)) AND facets : (\(facets.joined(separator: " AND ")))"
    }

    /// The excerpt of the `words` column around the matches, marked for ``SearchSnippet``.
    private static let snippet = "snippet(activity_search, 0, char(1), char(2), '…', 16)"

    /// The customers a person means by `text`: the customer of that id first (following
    /// merges), then those whose names or identities match, best first.
    public static func customers(matching text: String, limit: Int, in db: Database) throws -> [CustomerView] {
        var ids: [String] = []
        if let exact = try HistoryQueries.canonicalCustomerID(text.trimmingCharacters(in: .whitespaces), in: db) { ids.append(exact) }
        let query = try SearchQuery(text, prefixEveryWord: true)
        let found = try matching {
            try String.fetchAll(
                db, sql: "SELECT customer_id FROM customer_search WHERE customer_search MATCH ? ORDER BY rank LIMIT ?",
                arguments: [query.match, limit])
        }
        for id in found where !ids.contains(id) { ids.append(id) }
        return try ids.prefix(limit).compactMap { try HistoryQueries.customer($0, in: db) }
    }

    /// Runs an FTS5 query; an error SQLite finds in the expression is the client's.
    private static func matching<Value>(_ run: () throws -> Value) throws -> Value {
        do {
            return try run()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && (error.message ?? "").hasPrefix("fts5") {
            throw ProjectionsError(code: .invalidArgument, message: "q cannot be searched: \(error.message ?? "")", field: "q")
        }
    }
}

/// One activity a search found, with the excerpt that matched.
public struct SearchResult: Sendable {
    /// The activity, as the history API shows it.
    public let activity: ActivityView
    /// The excerpt of its text around the match.
    public let snippet: SearchSnippet
}

/// A page of search results and the cursor of the next one.
public struct SearchPage: Sendable {
    /// The results, newest first.
    public let results: [SearchResult]
    /// The cursor of the next page, or `nil` at the end.
    public let nextCursor: String?
}
