import EventLog
import HTTPTypes
import Hummingbird

/// `GET /healthz` → `{"status": "ok", "logHead": N}`.
struct HealthRoutes<Context: RequestContext>: Sendable {
    let log: EventLog

    func register(on router: Router<Context>) {
        router.get("/healthz") { _, _ in
            var writer = JSONWriter(capacity: 48)
            writer.beginObject()
            writer.field("status", "ok")
            writer.field("logHead", log.head.rawValue)
            writer.endObject()
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: writer.buffer))
        }
    }
}
