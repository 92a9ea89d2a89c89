import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends bytes over a plain TCP connection to a loopback port and reads what comes back:
/// for requests an HTTP client would refuse to send (a `Content-Length` that lies, a
/// thousand header fields, a body cut short).
public enum RawHTTP {
    /// What the server answered before it closed the connection or `timeout` passed.
    public struct Answer: Sendable {
        /// All bytes read.
        public let bytes: [UInt8]
        /// The status code of the first response, or `nil` when nothing came back.
        public var status: Int? {
            let text = String(decoding: bytes.prefix(32), as: UTF8.self)
            guard text.hasPrefix("HTTP/1.1 ") else { return nil }
            return Int(text.dropFirst(9).prefix(3))
        }
        /// The bytes as text.
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Connects to `127.0.0.1:port`, writes `request`, optionally half-closes the sending
    /// side, and reads until a response with a `Content-Length` is whole, the server closes,
    /// or `timeout` seconds pass without data. The
    /// blocking socket calls run on a thread of their own, so a server in the same process
    /// keeps its threads (Swift's cooperative pool and the dispatch queues GRDB uses).
    public static func exchange(port: Int, request: [UInt8], closeSending: Bool = false, timeout: Int = 30) async -> Answer {
        await OwnThread.run { blockingExchange(port: port, request: request, closeSending: closeSending, timeout: timeout) }
    }

    private static func blockingExchange(port: Int, request: [UInt8], closeSending: Bool, timeout: Int) -> Answer {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return Answer(bytes: []) }
        defer { close(descriptor) }
        var waiting = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &waiting, socklen_t(MemoryLayout<timeval>.size))
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return Answer(bytes: []) }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { break }
            sent += written
        }
        if closeSending { shutdown(descriptor, Int32(SHUT_WR)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !isCompleteResponse(received) {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received.append(contentsOf: chunk[0..<count])
        }
        return Answer(bytes: received)
    }

    /// Whether `bytes` hold a whole response with a `Content-Length` (a chunked one is read
    /// until the server closes).
    private static func isCompleteResponse(_ bytes: [UInt8]) -> Bool {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) }) else {
            return false
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingPrefix(" "))
        else { return false }
        return bytes.count >= end + 4 + length
    }
}

/// `127.0.0.1:port` as a socket address.
func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}
