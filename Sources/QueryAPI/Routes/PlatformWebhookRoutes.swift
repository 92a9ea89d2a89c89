import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Ingest

/// The webhooks of the contact-center platforms that run beside Expertflow:
/// `POST /webhooks/chatwoot`, `/webhooks/amazon-connect`, `/webhooks/genesys` and
/// `/webhooks/twilio`. Each turns the platform's events into activities (``PlatformAdapter``)
/// stored with one sync for the delivery, and answers with each event's fate in order:
/// `{"results": [{"eventId", "stored": true, "id", "position", "duplicate"} |
/// {"eventId", "type", "stored": false, "reason"}], "accepted", "duplicates", "ignored"}` —
/// `202` when something was stored, `200` when every event was acknowledged without being
/// stored. An invalid delivery is `400` naming each field, and nothing of it is stored.
///
/// Chatwoot and Twilio sign their deliveries: with the tenant's secret set, the signature is
/// their credential (``SignedWebhookMiddleware``). Amazon Connect and Genesys Cloud come
/// through EventBridge API destinations, which authenticate with the store's credentials.
struct PlatformWebhookRoutes: Sendable {
    typealias Context = StoreRequestContext

    let ingestor: Ingestor
    let maximumBodySize: Int

    func register(on router: ScopedRouter) {
        let parser = ingestor.decoder.parser
        route(ChatwootAdapter(parser: parser), on: router, .signedWebhook(.chatwoot))
        route(AmazonConnectAdapter(parser: parser), on: router, .scope(.ingest))
        route(GenesysAdapter(parser: parser), on: router, .scope(.ingest))
        route(TwilioAdapter(parser: parser), on: router, .signedWebhook(.twilio))
    }

    private func route<Adapter: PlatformAdapter>(_ adapter: Adapter, on router: ScopedRouter, _ access: RouteAccess) {
        router.post(RouterPath("/webhooks/\(Adapter.platform)"), access) { request, _ in try await receive(request, adapter) }
    }

    private func receive(_ request: Request, _ adapter: some PlatformAdapter) async throws -> Response {
        try ContentTypeCheck.requireJSON(request.headers[.contentType])
        let bytes = try await request.collectBody(limit: maximumBodySize)
        let events = try adapter.events(in: bytes)
        let messages = events.compactMap { event -> AdaptedMessage? in
            if case .activity(_, let message) = event { return message }
            return nil
        }
        let stored = try await ingestor.ingest(adapted: messages)
        var receipts = stored[...]

        var writer = JSONWriter(capacity: 64 + events.count * 160)
        var (accepted, duplicates, ignored) = (0, 0, 0)
        writer.beginObject()
        writer.key("results")
        writer.beginArray()
        for event in events {
            writer.beginObject()
            writer.field("eventId", event.eventID)
            switch event {
            case .activity:
                guard let receipt = receipts.popFirst() else { break }
                writer.field("stored", true)
                writer.field("id", receipt.messageID.rawValue)
                writer.field("type", receipt.type.rawValue)
                writer.field("position", receipt.result.position.rawValue)
                writer.field("duplicate", receipt.result.duplicate)
                if receipt.result.duplicate { duplicates += 1 } else { accepted += 1 }
            case .ignored(_, let type, let reason):
                writer.field("type", type)
                writer.field("stored", false)
                writer.field("reason", reason)
                ignored += 1
            }
            writer.endObject()
        }
        writer.endArray()
        writer.field("accepted", accepted)
        writer.field("duplicates", duplicates)
        writer.field("ignored", ignored)
        writer.endObject()
        var headers: HTTPFields = [.contentType: "application/json"]
        if let last = stored.map(\.result.position.rawValue).max() { headers[.logPosition] = String(last) }
        return Response(status: messages.isEmpty ? .ok : .accepted, headers: headers, body: ResponseBody(byteBuffer: writer.buffer))
    }
}
