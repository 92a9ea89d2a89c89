/// How many requests a credential may make: a token bucket that refills at
/// `requestsPerSecond` and holds at most `burst` requests.
public struct RateLimit: Sendable, Hashable, Codable {
    /// The sustained rate.
    public let requestsPerSecond: Double
    /// The most requests allowed at once after a quiet spell.
    public let burst: Int

    /// Creates a limit; `burst` defaults to one second's worth (at least 1).
    public init(requestsPerSecond: Double, burst: Int? = nil) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst ?? max(1, Int(requestsPerSecond.rounded(.up)))
    }

    /// `500/s, burst 1000`.
    public var description: String {
        let rate = requestsPerSecond == requestsPerSecond.rounded() ? String(Int(requestsPerSecond)) : String(requestsPerSecond)
        return "\(rate)/s, burst \(burst)"
    }
}
