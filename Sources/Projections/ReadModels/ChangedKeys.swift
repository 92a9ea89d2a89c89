/// Keys of changed rows, in the order they first changed, so that a batch writes its rows
/// in an order that depends only on the events (a replay writes the same rows in the same
/// order) without sorting them.
struct ChangedKeys {
    private(set) var inOrder: [String] = []
    private var members: Set<String> = []

    /// Adds `key` unless it is there already.
    mutating func insert(_ key: String) {
        if members.insert(key).inserted { inOrder.append(key) }
    }

    /// Forgets every key.
    mutating func removeAll() {
        inOrder.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
    }
}
