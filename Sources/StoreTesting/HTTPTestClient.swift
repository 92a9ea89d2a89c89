public import AsyncHTTPClient
import Foundation
public import NIOCore
import NIOHTTP1

/// A small HTTP/1.1 client for tests, over AsyncHTTPClient.
public struct HTTPTestClient: Sendable {
    /// A response, fully read.
    public struct Response: Sendable {
        /// The status code.
        public let status: Int
        /// The headers, names lower-cased.
        public let headers: [String: String]
        /// The body.
        public let body: [UInt8]

        /// A response read some other way (a stream's refusal, say).
        public init(status: Int, headers: [String: String], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed as a JSON object.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
    }

    /// The underlying client.
    public let client: HTTPClient
    /// `http://host:port`.
    public let baseURL: String

    /// Creates a client for `baseURL` on the shared client.
    public init(baseURL: String, client: HTTPClient = .shared) {
        self.baseURL = baseURL
        self.client = client
    }

    /// A client that opens up to `connections` concurrent HTTP/1.1 connections per host
    /// (the shared client queues beyond its small default), waiting up to a minute for each to
    /// connect (a thousand at once take a while on a busy machine). Shut it down after use.
    public static func makeClient(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        configuration.timeout.connect = .seconds(60)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Sends one request.
    public func send(
        _ method: String,
        _ path: String,
        body: [UInt8]? = nil,
        headers: [(String, String)] = [],
        timeout: TimeAmount = .seconds(30)
    ) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: timeout)
        var collected = try await response.body.collect(upTo: 64 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Response(status: Int(response.status.code), headers: fields, body: collected.readBytes(length: collected.readableBytes) ?? [])
    }

    /// `POST path` with a JSON body.
    public func postJSON(_ path: String, _ body: [UInt8], contentType: String = "application/json") async throws -> Response {
        try await send("POST", path, body: body, headers: [("Content-Type", contentType)])
    }

    /// `POST path` with a JSON body given as text.
    public func postJSON(_ path: String, _ body: String, contentType: String = "application/json") async throws -> Response {
        try await postJSON(path, Array(body.utf8), contentType: contentType)
    }

    /// `GET path`.
    public func get(_ path: String) async throws -> Response {
        try await send("GET", path)
    }
}
