public import AsyncHTTPClient
public import NIOCore
import NIOHTTP1

/// Reads a Server-Sent Events stream over HTTP until a condition holds, then disconnects.
public enum EventStreamReader {
    /// One event of the stream.
    public struct Event: Sendable, Equatable {
        /// The `id:` field.
        public let id: String?
        /// The `event:` field.
        public let name: String?
        /// The `data:` lines, joined with newlines.
        public let data: String
    }

    /// What was read before the condition held, the server ended the stream, or time ran out.
    public struct Reading: Sendable {
        /// The response status.
        public let status: Int
        /// The `Content-Type` header.
        public let contentType: String?
        /// The events, in order.
        public var events: [Event] = []
        /// How many comment lines (heartbeats) came.
        public var comments = 0
        /// Whether the server ended the stream.
        public var ended = false
    }

    /// GETs `url` and reads until `done` says so; `timeout` bounds the whole reading.
    public static func read(
        _ url: String,
        headers: [(String, String)] = [],
        client: HTTPClient = .shared,
        timeout: TimeAmount = .seconds(20),
        until done: @escaping @Sendable (Reading) -> Bool
    ) async throws -> Reading {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: timeout)
        var reading = Reading(status: Int(response.status.code), contentType: response.headers.first(name: "content-type"))
        guard reading.status == 200 else { return reading }
        var pending = ""
        var fields: (id: String?, name: String?, data: [String]) = (nil, nil, [])
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                if line.isEmpty {
                    if !fields.data.isEmpty || fields.id != nil {
                        reading.events.append(Event(id: fields.id, name: fields.name, data: fields.data.joined(separator: "\n")))
                    }
                    fields = (nil, nil, [])
                    if done(reading) { return reading }
                } else if line.hasPrefix(":") {
                    reading.comments += 1
                    if done(reading) { return reading }
                } else if line.hasPrefix("id: ") {
                    fields.id = String(line.dropFirst(4))
                } else if line.hasPrefix("event: ") {
                    fields.name = String(line.dropFirst(7))
                } else if line.hasPrefix("data: ") {
                    fields.data.append(String(line.dropFirst(6)))
                }
            }
        }
        reading.ended = true
        return reading
    }
}
