/// What a credential may do. Each route declares the one it requires where it is registered (``ScopedRouter``).
public enum Scope: String, Sendable, Hashable, CaseIterable, Codable {
    /// The ingest and webhook routes.
    case ingest
    /// The history routes, the events feed and live streams.
    case read
    /// Analyst SQL over HTTP.
    case sql
    /// Rebuilds and statistics.
    case admin
}
