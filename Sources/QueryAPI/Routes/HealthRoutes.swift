import EventLog
import HTTPTypes
import Hummingbird
import Projections
import Replication

/// `GET /healthz` → `{"status": "ok", "logHead": N, "projectionsApplied": A, "projectionLag": N - A}`:
/// the lag is how many logged events the read models have yet to apply. With replication it
/// adds `"replication": {role, mode, state, stream, replicated, lagEvents, lagSeconds, detail}`,
/// and `"webhooks": {"unsigned": [...]}` names the signing platforms whose deliveries this
/// tenant takes unsigned (it has no secret for them).
struct HealthRoutes: Sendable {
    typealias Context = StoreRequestContext

    let log: EventLog
    let runner: ProjectionRunner
    let replication: (any ReplicationStatusSource)?
    let webhookSecrets: WatchedFile<WebhookSecrets>

    func register(on router: ScopedRouter) {
        router.get("/healthz", .anyone) { _, _ in
            let applied = runner.applied.position.rawValue
            let head = max(log.head.rawValue, applied)
            var writer = JSONWriter(capacity: 96)
            writer.beginObject()
            writer.field("status", "ok")
            writer.field("logHead", head)
            writer.field("projectionsApplied", applied)
            writer.field("projectionLag", head - applied)
            if let status = replication?.status {
                writer.key("replication")
                writer.beginObject()
                writer.field("role", status.role.rawValue)
                if let mode = status.mode { writer.field("mode", mode.rawValue) }
                writer.field("state", status.state.rawValue)
                writer.field("stream", status.stream)
                writer.field("replicated", status.replicated.rawValue)
                writer.field("lagEvents", status.lagEvents)
                writer.key("lagSeconds")
                writer.raw(Array(String((status.lagSeconds * 1000).rounded() / 1000).utf8))
                if let detail = status.detail { writer.field("detail", detail) }
                writer.endObject()
            }
            writer.key("webhooks")
            writer.beginObject()
            writer.key("unsigned")
            writer.beginArray()
            for platform in webhookSecrets.current.unsigned { writer.string(platform.rawValue) }
            writer.endArray()
            writer.endObject()
            writer.endObject()
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: writer.buffer))
        }
    }
}
