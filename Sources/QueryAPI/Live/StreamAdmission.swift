import HTTPTypes
import Synchronization

/// Bounds one tenant's live streams: how many may be open at once, in all and for each
/// credential (`429` beyond, with `Retry-After`), and how many may read their backfill from
/// storage at a time, so that a flood of streams resuming from far back neither holds every
/// thread nor the memory of every page at once while live traffic and `/healthz` wait.
final class StreamAdmission: Sendable {
    /// One admitted stream; its place is given back when it is released (its response body
    /// done, or the response dropped unsent).
    final class Ticket: Sendable {
        private let release: @Sendable () -> Void

        fileprivate init(release: @escaping @Sendable () -> Void) {
            self.release = release
        }

        deinit { release() }
    }

    private struct Counts {
        var open = 0
        var byCredential: [String: Int] = [:]
    }

    let limits: StreamLimits
    private let counts = Mutex(Counts())
    /// One backfill page read and framed at a time, for the whole tenant.
    let backfillTurns = TurnQueue(width: 1)

    init(limits: StreamLimits) {
        self.limits = limits
    }

    /// How many streams are open now.
    var openStreams: Int { counts.withLock { $0.open } }

    /// Admits a stream of a request with `access`.
    ///
    /// - Throws: a `429` ``Problem`` naming the limit reached; nothing was opened.
    func admit(_ access: Authenticator.Outcome) throws(Problem) -> Ticket {
        let credential: String? = if case .authenticated(let credential) = access { credential.id } else { nil }
        let refusal: String? = counts.withLock { counts in
            if counts.open >= limits.perTenant { return "this tenant has \(limits.perTenant) live streams open, the most it may" }
            if let credential, counts.byCredential[credential, default: 0] >= limits.perCredential {
                return "this credential has \(limits.perCredential) live streams open, the most it may"
            }
            counts.open += 1
            if let credential { counts.byCredential[credential, default: 0] += 1 }
            return nil
        }
        if let refusal {
            throw Problem(
                status: .tooManyRequests, title: "Too many streams", detail: "\(refusal); close one, or retry after 5 s.",
                headers: [.retryAfter: "5"])
        }
        return Ticket { [self] in release(credential) }
    }

    private func release(_ credential: String?) {
        counts.withLock { counts in
            counts.open -= 1
            guard let credential else { return }
            counts.byCredential[credential, default: 1] -= 1
            if counts.byCredential[credential] == 0 { counts.byCredential[credential] = nil }
        }
    }
}

/// Lets at most `width` tasks at a time through, the others waiting in arrival order.
final class TurnQueue: Sendable {
    private struct State {
        var busy = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    let width: Int
    private let state = Mutex(State())

    init(width: Int) {
        self.width = width
    }

    /// Runs `body` when its turn comes.
    func run<Result>(_ body: () async throws -> Result) async rethrows -> Result {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                guard state.busy < width else {
                    state.waiting.append(continuation)
                    return false
                }
                state.busy += 1
                return true
            }
            if now { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.busy -= 1
                return nil as CheckedContinuation<Void, Never>?
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// How many live streams may be open at once.
public struct StreamLimits: Sendable {
    /// For each credential (the streams of a tenant without credentials count only in all).
    public var perCredential: Int
    /// For the whole tenant.
    public var perTenant: Int

    /// Limits; the defaults let an agent desk of a thousand seats follow its customers.
    public init(perCredential: Int = 256, perTenant: Int = 1024) {
        self.perCredential = perCredential
        self.perTenant = perTenant
    }
}
