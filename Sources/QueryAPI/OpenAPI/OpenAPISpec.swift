import CIM
import Foundation

/// The OpenAPI 3.1 document of the HTTP API: `openapi.json` beside this file, shipped as the
/// module's resource. It is the single source of the API's contract: served at
/// `/openapi.json`, read for the methods of each path (405 with `Allow`), checked against
/// real responses by the tests and against the running server by schemathesis in CI.
enum OpenAPISpec {
    /// The document's bytes, exactly as in the repository.
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            fatalError("openapi.json is missing from the QueryAPI resources (\(Bundle.module.bundlePath))")
        }
        return Array(data)
    }()

    /// The document, parsed.
    static let document: JSONValue = {
        do {
            return try JSONParser().parse(bytes)
        } catch {
            fatalError("openapi.json is not valid JSON: \(error)")
        }
    }()
}
