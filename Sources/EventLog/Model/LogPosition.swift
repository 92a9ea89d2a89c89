/// A position in the log: 1 for the first event, contiguous, never reused. 0 means "before
/// the first event".
public struct LogPosition: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The position as a number.
    public let rawValue: UInt64

    /// The position before the first event.
    public static let start = LogPosition(0)

    /// Wraps a number.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public init(integerLiteral value: UInt64) { self.rawValue = value }

    /// The position after this one.
    public var next: LogPosition { LogPosition(rawValue + 1) }

    public static func < (lhs: LogPosition, rhs: LogPosition) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }

    /// The 8-byte big-endian key of this position in the `events` database.
    var key: [UInt8] {
        withUnsafeBytes(of: rawValue.bigEndian) { Array($0) }
    }

    init?(key: UnsafeRawBufferPointer) {
        guard key.count == 8 else { return nil }
        self.rawValue = UInt64(bigEndian: key.loadUnaligned(as: UInt64.self))
    }
}
