import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /openapi.json`: the OpenAPI 3.1 document (``OpenAPISpec``), as it is in the repository.
struct OpenAPIRoutes: Sendable {
    typealias Context = StoreRequestContext

    func register(on router: ScopedRouter) {
        router.get("/openapi.json", .scope(.read)) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPISpec.bytes))
            )
        }
    }
}
