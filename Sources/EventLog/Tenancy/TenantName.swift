/// The name of a tenant: one contact center served by the store, with files of its own.
///
/// A name is a DNS label (1 to 63 of `a-z`, `0-9` and `-`, neither first nor last a `-`), so
/// that it can be the first label of the tenant's host name (`acme.cx.example.com`).
public struct TenantName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as written.
    public let rawValue: String

    /// The tenant a store's data directory itself holds: every store of an earlier release,
    /// and the one a request goes to when nothing names another.
    public static let `default` = TenantName(checked: "default")

    /// The longest name: a DNS label's.
    public static let maximumLength = 63

    /// A name, if `rawValue` is a valid one.
    public init?(_ rawValue: some StringProtocol) {
        guard Self.problem(with: rawValue) == nil else { return nil }
        self.rawValue = String(rawValue)
    }

    /// A name, or the rule that `rawValue` breaks.
    public static func parse(_ rawValue: some StringProtocol) throws(TenantError) -> TenantName {
        if let problem = problem(with: rawValue) {
            throw TenantError(code: .invalidName, message: "tenant name \"\(rawValue)\": \(problem)")
        }
        return TenantName(checked: String(rawValue))
    }

    private init(checked rawValue: String) {
        self.rawValue = rawValue
    }

    private static func problem(with name: some StringProtocol) -> String? {
        let bytes = Array(name.utf8)
        guard (1...maximumLength).contains(bytes.count) else { return "must be 1 to \(maximumLength) characters" }
        let allowed = bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
        }
        guard allowed else { return "may hold only a-z, 0-9 and -" }
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return "may not begin or end with -" }
        return nil
    }

    public var description: String { rawValue }

    public static func < (lhs: TenantName, rhs: TenantName) -> Bool { lhs.rawValue < rhs.rawValue }
}
