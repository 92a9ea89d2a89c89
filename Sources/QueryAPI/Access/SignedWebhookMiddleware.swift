import HTTPTypes
import Hummingbird
import NIOCore

/// Guards a signing platform's webhook route. When the tenant has the platform's secret
/// (`cxstore webhooks`), the delivery must carry a valid signature over its body, which is
/// then its only credential (the platforms cannot send the store's): anything else is `401`
/// and nothing is stored. Without a secret the route is guarded as an ingest route
/// (`unsigned`): a credential with the `ingest` scope, or a tenant with no credentials on
/// loopback, and `/healthz` lists the platform as unsigned.
struct SignedWebhookMiddleware: RouterMiddleware {
    typealias Context = StoreRequestContext

    let platform: SigningPlatform
    let secrets: WatchedFile<WebhookSecrets>
    let maximumBodySize: Int
    let unsigned: AccessMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret = secrets.current.secrets[platform] else {
            return try await unsigned.handle(request, context: context, next: next)
        }
        var request = request
        let body = try await request.collectBody(limit: maximumBodySize)
        request.body = RequestBody(buffer: ByteBuffer(bytes: body))
        let valid: Bool
        switch platform {
        case .chatwoot:
            valid = WebhookSignature.chatwootIsValid(
                secret: secret, timestamp: request.headers[.chatwootTimestamp], signature: request.headers[.chatwootSignature], body: body)
        case .twilio:
            let urls = WebhookSignature.candidateURLs(
                authority: request.head.authority, forwardedProto: request.headers[.forwardedProto], pathAndQuery: request.uri.string)
            valid = WebhookSignature.twilioIsValid(authToken: secret, urls: urls, signature: request.headers[.twilioSignature], body: body)
        }
        guard valid else {
            throw Problem(
                status: .unauthorized, title: "Invalid signature",
                detail:
                    "This tenant checks the \(platform.rawValue) signature of every delivery, and this one has none or a wrong one; nothing was stored.",
                errors: [Problem.FieldError(field: signatureHeader.rawName, message: "must be the \(platform.rawValue) signature of the body")])
        }
        return try await next(request, context)
    }

    private var signatureHeader: HTTPField.Name {
        switch platform {
        case .chatwoot: .chatwootSignature
        case .twilio: .twilioSignature
        }
    }
}
