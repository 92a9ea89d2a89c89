import CIM

/// The methods the OpenAPI document gives each path, so that a request with a known path
/// and another method gets 405 with `Allow` instead of 404. The document is the list of
/// routes (the conformance tests keep it so), so there is no second list to keep in step.
enum DocumentedMethods {
    private static let table: [(segments: [Substring], methods: [String])] = {
        guard case .object(let paths)? = OpenAPISpec.document["paths"] else { return [] }
        return paths.members.compactMap { member in
            guard case .object(let operations) = member.value else { return nil }
            let methods = operations.keys.filter(httpMethods.contains).map { $0.uppercased() }
            return (member.key.split(separator: "/"), methods)
        }
    }()

    private static let httpMethods: Set = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The documented methods of the route whose template matches `path`, or `nil` when
    /// no documented route has this path.
    static func allowed(forPath path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let matches = table.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template.hasPrefix("{") || template == segment }
        }
        guard !matches.isEmpty else { return nil }
        return Array(Set(matches.flatMap(\.methods))).sorted()
    }
}
