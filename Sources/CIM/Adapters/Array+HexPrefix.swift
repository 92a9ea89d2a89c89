extension Array where Element == UInt8 {
    /// The lowercase hex digits of the first `count` bytes: ids derived from a digest.
    public func hexPrefix(bytes count: Int) -> String {
        prefix(count).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
