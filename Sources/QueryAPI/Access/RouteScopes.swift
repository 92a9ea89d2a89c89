import HTTPTypes

/// The scope each route requires: the ingest and webhook routes `ingest`, analyst SQL `sql`,
/// administration, erasures and `/metrics` `admin`, everything else `read`; `/healthz` and the
/// desk's files (which hold no data) none.
enum RouteScopes {
    static func required(method: HTTPRequest.Method, path: String) -> Scope? {
        switch path {
        case "/healthz", "/desk", "/desk/desk.css", "/desk/desk.js": nil
        case "/v1/sql": .sql
        case "/metrics": .admin
        case _ where path.hasPrefix("/v1/admin/") || path == "/v1/erasures": .admin
        case _ where method == .delete && path.hasPrefix("/v1/customers/"): .admin
        case _
        where method == .post && (path.hasPrefix("/ccm/message/") || path == "/conversation-manager/activities" || path.hasPrefix("/webhooks/")):
            .ingest
        default: .read
        }
    }
}
