import Foundation

/// The files of the agent desk (`Assets/` beside this file, shipped as the module's
/// resources), read once, with the headers each is sent with.
enum DeskAssets {
    /// One file: its bytes and content type.
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    /// Scripts, styles and connections from the store only, and no inline script: nothing a
    /// customer typed can run in the agent's browser even if it reached the page as markup.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The files by the path they are served at.
    static let byPath: [String: Asset] = [
        "/desk": Asset(bytes: resource("desk", "html"), contentType: "text/html; charset=utf-8"),
        "/desk/desk.css": Asset(bytes: resource("desk", "css"), contentType: "text/css; charset=utf-8"),
        "/desk/desk.js": Asset(bytes: resource("desk", "js"), contentType: "text/javascript; charset=utf-8"),
    ]

    private static func resource(_ name: String, _ type: String) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Assets"),
            let data = try? Data(contentsOf: url)
        else {
            fatalError("Desk/Assets/\(name).\(type) is missing from the QueryAPI resources (\(Bundle.module.bundlePath))")
        }
        return Array(data)
    }
}
