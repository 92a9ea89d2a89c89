/// A strict RFC 8259 parser over raw bytes.
///
/// Strict where ambiguity could corrupt what we store: invalid UTF-8, unescaped control
/// characters, lone surrogates, duplicate keys, comments, trailing commas and content after
/// the document are all errors with a byte position. Nesting, string length and the items
/// of one array or object are bounded, so that a hostile document can neither exhaust the
/// stack nor make one value cost more than the limits allow. Keys are compared by their
/// decoded UTF-8 bytes, the comparison RFC 8259 (section 8.3) calls interoperable.
public struct JSONParser: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int
    /// The longest string accepted, in bytes as written (escapes included).
    public var maximumStringLength: Int
    /// The most elements of one array, or members of one object, accepted.
    public var maximumItems: Int

    /// Creates a parser with the given bounds.
    public init(maximumDepth: Int = 64, maximumStringLength: Int = 512 * 1024, maximumItems: Int = 10_000) {
        self.maximumDepth = maximumDepth
        self.maximumStringLength = maximumStringLength
        self.maximumItems = maximumItems
    }

    /// Parses one JSON document that fills `bytes` (surrounding white space allowed).
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        try withTape(of: bytes) { tape in tape.value(at: JSONTape.root) }
    }

    /// The SHA-256 digest of the canonical form of the document in `bytes`: the store's test
    /// for "same message".
    ///
    /// Two documents that differ only in white space, key order, escapes or number spelling
    /// (`1.0` vs `1`) have the same digest, so a client that re-serializes a message before
    /// retrying it is recognized as retrying, not as reusing an id.
    public func canonicalDigest(of bytes: some Collection<UInt8>) throws(JSONParseError) -> [UInt8] {
        try withTape(of: bytes) { tape in tape.canonicalDigest }
    }

    /// Parses `bytes` into a tape and calls `body` with it; the tape is valid only inside.
    func withTape<Result>(of bytes: some Collection<UInt8>, _ body: (JSONTape) -> Result) throws(JSONParseError) -> Result {
        let outcome: Swift.Result<Result, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            tapeOutcome(UnsafeRawBufferPointer(buffer), body)
        }
        if let outcome { return try outcome.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBytes { tapeOutcome($0, body) }.get()
    }

    private func tapeOutcome<Result>(_ buffer: UnsafeRawBufferPointer, _ body: (JSONTape) -> Result) -> Swift.Result<Result, JSONParseError> {
        var builder = JSONTapeBuilder(input: buffer, limits: self)
        do throws(JSONParseError) {
            return .success(body(try builder.build()))
        } catch {
            return .failure(error)
        }
    }
}
