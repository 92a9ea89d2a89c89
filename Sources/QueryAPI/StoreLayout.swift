/// Where a store keeps its parts inside its data directory.
///
/// ```
/// DIR/log/    the LMDB event log (data.mdb, lock.mdb)
/// ```
public struct StoreLayout: Sendable {
    /// The store's data directory.
    public let dataDirectory: String

    /// A layout rooted at `dataDirectory`.
    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// The LMDB environment of the event log.
    public var logDirectory: String { dataDirectory + "/log" }
}
