import Foundation

/// Blocking work for tests, kept off Swift's cooperative pool.
///
/// The pool has one thread per core (two on CI), and the in-process servers' handlers run on
/// it. A test that blocks a pool thread (waiting for a child process, reading a pipe to its
/// end, parsing a large `/proc` file) starves them; two such tests at once can wait forever
/// for a server that cannot answer. Each of these helpers runs the blocking part on a thread
/// of its own and suspends the calling task instead.
public enum OwnThread {
    /// Runs `work` on a new thread and returns its result.
    public static func run<Value: Sendable, Failure: Error>(_ work: @escaping @Sendable () throws(Failure) -> Value) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Result { () throws(Failure) -> Value in try work() }) }.start()
        }
        return try result.get()
    }
}
