public import AsyncHTTPClient
public import NIOCore
import NIOHTTP1
import Synchronization

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
        /// Whether `timeout` ran out before the condition held or the stream ended.
        public var timedOut = false
    }

    /// GETs `url` and reads until `done` says so; `timeout` bounds the whole reading, body
    /// included (AsyncHTTPClient's deadline ends with the response head, and a stream that
    /// never sends what a test waits for once held a whole test run).
    public static func read(
        _ url: String,
        headers: [(String, String)] = [],
        client: HTTPClient = .shared,
        timeout: TimeAmount = .seconds(20),
        until done: @escaping @Sendable (Reading) -> Bool
    ) async throws -> Reading {
        let deadline = ContinuousClock.now + .nanoseconds(timeout.nanoseconds)
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: timeout)
        let reading = SharedReading(Reading(status: Int(response.status.code), contentType: response.headers.first(name: "content-type")))
        guard response.status == .ok else { return reading.state.withLock { $0 } }
        let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await readEvents(of: response.body, into: reading, until: done)
                return true
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        return reading.state.withLock {
            if !finished { $0.timedOut = true }
            return $0
        }
    }

    private static func readEvents(
        of body: HTTPClientResponse.Body, into reading: SharedReading, until done: @Sendable (Reading) -> Bool
    ) async throws {
        var pending = ""
        var fields: (id: String?, name: String?, data: [String]) = (nil, nil, [])
        for try await chunk in body {
            pending += String(buffer: chunk)
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline])
                pending = String(pending[pending.index(after: newline)...])
                if line.isEmpty {
                    let complete = fields
                    fields = (nil, nil, [])
                    let satisfied = reading.state.withLock {
                        if !complete.data.isEmpty || complete.id != nil {
                            $0.events.append(Event(id: complete.id, name: complete.name, data: complete.data.joined(separator: "\n")))
                        }
                        return done($0)
                    }
                    if satisfied { return }
                } else if line.hasPrefix(":") {
                    if reading.state.withLock({
                        $0.comments += 1; return done($0)
                    }) {
                        return
                    }
                } else if line.hasPrefix("id: ") {
                    fields.id = String(line.dropFirst(4))
                } else if line.hasPrefix("event: ") {
                    fields.name = String(line.dropFirst(7))
                } else if line.hasPrefix("data: ") {
                    fields.data.append(String(line.dropFirst(6)))
                }
            }
        }
        reading.state.withLock { $0.ended = true }
    }

    /// The reading, shared by the reader and the timeout.
    private final class SharedReading: Sendable {
        let state: Mutex<Reading>
        init(_ reading: Reading) { state = Mutex(reading) }
    }
}
