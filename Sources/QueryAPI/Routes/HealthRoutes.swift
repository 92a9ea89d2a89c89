import EventLog
import HTTPTypes
import Hummingbird
import Projections

/// `GET /healthz` → `{"status": "ok", "logHead": N, "projectionsApplied": A, "projectionLag": N - A}`:
/// the lag is how many logged events the read models have yet to apply.
struct HealthRoutes<Context: RequestContext>: Sendable {
    let log: EventLog
    let runner: ProjectionRunner

    func register(on router: Router<Context>) {
        router.get("/healthz") { _, _ in
            let applied = runner.applied.position.rawValue
            let head = max(log.head.rawValue, applied)
            var writer = JSONWriter(capacity: 96)
            writer.beginObject()
            writer.field("status", "ok")
            writer.field("logHead", head)
            writer.field("projectionsApplied", applied)
            writer.field("projectionLag", head - applied)
            writer.endObject()
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: writer.buffer))
        }
    }
}
