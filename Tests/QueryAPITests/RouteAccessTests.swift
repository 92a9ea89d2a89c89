import EventLog
import Foundation
import Hummingbird
import Projections
import StoreTesting
import Testing

@testable import QueryAPI

/// Every route declares the access it requires where it is registered, and a route that
/// did not is refused before the server starts.
@Suite struct RouteAccessTests {
    @Test func aRouteAddedWithoutItsAccessIsRefused() throws {
        let router = Router(context: StoreRequestContext.self)
        let secrets = WatchedFile(path: "/nonexistent/webhook-secrets.json") { _ in WebhookSecrets() }
        let routes = ScopedRouter(router, defaultRateLimit: nil, webhookSecrets: secrets, maximumWebhookBodySize: 1024)
        routes.get("/declared", .scope(.read)) { _, _ in "ok" }
        try routes.checkEveryRouteDeclaresItsAccess()

        router.get("/undeclared") { _, _ in "open to anyone" }
        let error = #expect(throws: UndeclaredRouteAccess.self) { try routes.checkEveryRouteDeclaresItsAccess() }
        #expect(error?.routes == ["GET /undeclared"])
    }

    /// Once a credential exists, every documented operation but `/healthz` answers `401`
    /// to a request without one (the document is read from the server, so a new route is
    /// covered as soon as it is documented).
    @Test func everyDocumentedOperationButHealthRequiresACredential() async throws {
        try await withServer { client, server in
            let token = try CredentialFile(path: server.runner.store.layout.credentialsFile).add(account: "desk", scopes: [.read], now: 1).token
            try await Task.sleep(for: .milliseconds(1100))
            let authorization = ("Authorization", "Basic " + Data("desk:\(token)".utf8).base64EncodedString())
            let document = try await client.send("GET", "/openapi.json", headers: [authorization]).json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var checked = 0
            for (template, operations) in paths {
                let path = template.replacing(/\{[^}]+\}/, with: "x")
                for method in operations.keys.map({ $0.uppercased() }) where ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) {
                    let response = try await client.send(method, path)
                    let expected = template == "/healthz" ? 200 : 401
                    #expect(response.status == expected, "\(method) \(template) without a credential: \(response.status)")
                    checked += 1
                }
            }
            #expect(checked >= 24)
            #expect(server.log.head == 0, "a request without a credential stored something")
        }
    }
}
