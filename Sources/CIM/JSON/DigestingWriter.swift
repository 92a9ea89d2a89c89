import Crypto

/// Writes text into SHA-256 through a fixed buffer, so that hashing a document's canonical
/// form needs no array of its own: the bytes go to the hash each time the buffer fills.
struct DigestingWriter: JSONTextSink {
    /// The size of the buffer the caller provides.
    static let bufferSize = 4096

    private var hash = SHA256()
    private let buffer: UnsafeMutableRawBufferPointer
    private var count = 0

    /// A writer filling `buffer`, which must outlive it.
    init(buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    mutating func append(_ byte: UInt8) {
        if count == buffer.count { flush() }
        buffer[count] = byte
        count += 1
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count > buffer.count - count {
            flush()
            guard bytes.count <= buffer.count else { return hash.update(bufferPointer: bytes) }
        }
        guard let source = bytes.baseAddress else { return }
        (buffer.baseAddress! + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything written.
    mutating func finish() -> [UInt8] {
        flush()
        return Array(hash.finalize())
    }

    private mutating func flush() {
        guard count > 0 else { return }
        hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        count = 0
    }
}
