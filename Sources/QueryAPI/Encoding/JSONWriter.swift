public import NIOCore

/// Writes JSON straight into a `ByteBuffer`, so that stored messages can be spliced into
/// responses byte for byte instead of being decoded and encoded again.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var buffer: ByteBuffer
    private var needsComma: [Bool] = [false]

    /// Creates a writer with room for about `capacity` bytes.
    public init(capacity: Int = 256) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { buffer.writeInteger(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Ends a line of NDJSON: the next value starts a document of its own.
    public mutating func newline() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        needsComma = [false]
    }

    /// Opens an object (as a value, or as the value of the last ``key(_:)``).
    public mutating func beginObject() {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        needsComma.removeLast()
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    /// Opens an array.
    public mutating func beginArray() {
        separate()
        buffer.writeInteger(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        needsComma.removeLast()
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next call writes its value.
    public mutating func key(_ key: String) {
        separate()
        writeEscaped(key)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        writeEscaped(value)
    }

    /// Writes a string value, or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes an integer value.
    public mutating func integer(_ value: some BinaryInteger) {
        separate()
        buffer.writeString(String(value))
    }

    /// Writes a boolean value.
    public mutating func bool(_ value: Bool) {
        separate()
        buffer.writeString(value ? "true" : "false")
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        buffer.writeString("null")
    }

    /// Writes bytes that already are one valid JSON value.
    public mutating func raw(_ json: some Collection<UInt8>) {
        separate()
        buffer.writeBytes(json)
    }

    /// Writes `key` and a string value.
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    /// Writes `key` and an integer value.
    public mutating func field(_ name: String, _ value: some BinaryInteger) {
        key(name)
        integer(value)
    }

    /// Writes `key` and an integer, or `null`.
    public mutating func field(_ name: String, _ value: Int64?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    /// Writes `key` and a boolean value.
    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    private mutating func writeEscaped(_ string: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeString("\\\\")
            case 0x0A: buffer.writeString("\\n")
            case 0x0D: buffer.writeString("\\r")
            case 0x09: buffer.writeString("\\t")
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                buffer.writeString("\\u00" + (hex.count == 1 ? "0" : "") + hex)
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
