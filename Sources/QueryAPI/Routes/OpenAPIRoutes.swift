import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 document (``OpenAPISpec``), as it is in the repository.
struct OpenAPIRoutes<Context: RequestContext>: Sendable {
    func register(on router: Router<Context>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPISpec.bytes))
            )
        }
    }
}
