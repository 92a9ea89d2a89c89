import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /desk`: the agent desk, a page of the store itself (``DeskAssets``; no CDN, no
/// build step). `/desk?customer=ID` opens a customer. The files hold no data, so they need
/// no scope; every read the page makes goes through the API and its credentials. Each file
/// is sent with the desk's Content-Security-Policy.
struct DeskRoutes: Sendable {
    typealias Context = StoreRequestContext

    func register(on router: ScopedRouter) {
        let referrerPolicy = HTTPField.Name("Referrer-Policy")!
        for (path, asset) in DeskAssets.byPath {
            router.get(RouterPath(path), .anyone) { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: asset.contentType, .contentSecurityPolicy: DeskAssets.contentSecurityPolicy,
                        .xContentTypeOptions: "nosniff", .cacheControl: "no-cache", referrerPolicy: "no-referrer",
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
            }
        }
    }
}
