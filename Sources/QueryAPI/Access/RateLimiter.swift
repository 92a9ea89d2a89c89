import EventLog
import Synchronization

/// One token bucket per credential. A request takes a token; an empty bucket refuses it and
/// says how long until the next token. Buckets are keyed by credential id, so their number
/// is bounded by the credential file.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    /// Takes a token from `key`'s bucket under `limit`: `nil` when the request may go on,
    /// otherwise the time until a token is available.
    func admit(_ key: String, under limit: RateLimit, now: ContinuousClock.Instant = .now) -> Duration? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: Double(limit.burst), updated: now)
            bucket.tokens = min(Double(limit.burst), bucket.tokens + (now - bucket.updated).inSeconds * limit.requestsPerSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return .seconds((1 - bucket.tokens) / limit.requestsPerSecond)
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
