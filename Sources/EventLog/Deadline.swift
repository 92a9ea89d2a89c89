/// Runs `work` and returns its value, or `nil` when `limit` passes first (`work` is then
/// cancelled). `work` must end promptly when cancelled.
@inlinable
public func value<Value: Sendable>(within limit: Duration, of work: @escaping @Sendable () async -> Value) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
