import CIM
import Hummingbird
import Projections

/// Reads and checks query parameters, answering 400 with the parameter's name.
enum QueryParameter {
    static func integer(_ query: Parameters, _ name: String, default defaultValue: UInt64, range: ClosedRange<UInt64>) throws(Problem) -> UInt64 {
        guard let text = query[Substring(name)] else { return defaultValue }
        guard let value = UInt64(text) else {
            throw Problem.badParameter(name, "must be a whole number, found \"\(text.prefix(40))\"")
        }
        guard range.contains(value) else {
            throw Problem.badParameter(name, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }

    static func order(_ query: Parameters, default defaultOrder: PageOrder) throws(Problem) -> PageOrder {
        guard let text = query["order"] else { return defaultOrder }
        guard let order = PageOrder(rawValue: text.lowercased()) else {
            throw Problem.badParameter("order", "must be desc or asc, found \"\(text.prefix(40))\"")
        }
        return order
    }

    /// A point in time: epoch milliseconds or an ISO-8601 date-time.
    static func time(_ query: Parameters, _ name: String) throws(Problem) -> Int64? {
        guard let text = query[Substring(name)] else { return nil }
        if let milliseconds = Int64(text) { return milliseconds }
        if let timestamp = Timestamp(iso8601: text) { return timestamp.millisecondsSince1970 }
        throw Problem.badParameter(name, "must be epoch milliseconds or an ISO-8601 date-time, found \"\(text.prefix(40))\"")
    }

    /// The timeline filter of a request: `type` (repeated or comma-separated),
    /// `conversationId`, `channelSessionId`, `serviceIdentifier`, `from`, `to`.
    static func filter(_ query: Parameters) throws(Problem) -> TimelineFilter {
        TimelineFilter(
            types: query.getAll("type").flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty },
            conversationID: query["conversationId"].map(String.init),
            channelSessionID: query["channelSessionId"].map(String.init),
            serviceIdentifier: query["serviceIdentifier"].map(String.init),
            from: try time(query, "from"),
            to: try time(query, "to")
        )
    }

    /// The search query `q`, required and checked (``SearchQuery``).
    static func search(_ query: Parameters, prefixEveryWord: Bool = false) throws -> (text: String, query: SearchQuery) {
        guard let text = query["q"].map(String.init), !text.allSatisfy(\.isWhitespace) else {
            throw Problem.badParameter("q", "is required and must contain a word or a number")
        }
        return (text, try SearchQuery(text, prefixEveryWord: prefixEveryWord))
    }
}
