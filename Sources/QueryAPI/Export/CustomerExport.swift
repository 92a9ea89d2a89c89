public import EventLog
public import NIOCore
public import Projections

/// A customer's history to take away (the rights of access and portability that go with
/// erasure): every activity of the customer, merged identities included, as NDJSON, one
/// activity per line as the history API shows it, with its message as stored, oldest first.
/// Read a page at a time along the customer index, up to the log position the read models had
/// applied when it started, so that memory stays flat however long the history and the export
/// is one consistent cut.
public struct CustomerExport: Sendable {
    /// The activities read per page.
    static let pageSize = 500

    /// The customer, as its id answers now (after merges).
    public let customerID: String
    /// The last log position the export covers.
    public let through: LogPosition
    private let store: ReadModelStore

    /// The export of `id` from `store`, covering the log through `through`; `nil` when no
    /// such customer is known (never was, or was erased).
    public init?(customer id: String, store: ReadModelStore, through: LogPosition) async throws {
        guard let canonical = try await store.read({ db in try HistoryQueries.canonicalCustomerID(id, in: db) }) else { return nil }
        self.customerID = canonical
        self.through = through
        self.store = store
    }

    /// Writes the export, a page of lines at a time, to `emit`; returns how many activities
    /// it wrote.
    ///
    /// - Throws: ``ProjectionsError`` when the customer is merged into another or erased
    ///   meanwhile: what was written is incomplete, and the HTTP route's body ends in error.
    @discardableResult
    public func write(to emit: (ByteBuffer) async throws -> Void) async throws -> Int {
        var after: (occurredAt: Int64, position: Int64)?
        var written = 0
        let (customerID, through) = (self.customerID, Int64(self.through.rawValue))
        while true {
            let page = try await store.read { [after] db -> [ActivityView]? in
                // The customer as the export found it, still: not merged into another, nor erased.
                guard try HistoryQueries.canonicalCustomerID(customerID, in: db) == customerID else { return nil }
                return try HistoryQueries.exportPage(customerID: customerID, through: through, after: after, limit: Self.pageSize, in: db)
            }
            guard let page else {
                throw ProjectionsError(
                    code: .customerNotFound,
                    message:
                        "customer \(customerID) was merged into another or erased while being exported: the export stops incomplete after \(written) activities; export again"
                )
            }
            guard let last = page.last else { return written }
            var writer = JSONWriter(capacity: 1024 * page.count)
            for activity in page {
                writer.activity(activity)
                writer.newline()
            }
            try await emit(writer.buffer)
            written += page.count
            after = (last.occurredAt, last.position)
            if page.count < Self.pageSize { return written }
        }
    }
}
