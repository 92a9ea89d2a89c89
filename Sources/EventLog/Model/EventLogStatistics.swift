/// Counters of the writer since the log was opened.
public struct EventLogStatistics: Sendable, Hashable {
    /// Events appended.
    public var appendedEvents: UInt64 = 0
    /// Appends answered as duplicates.
    public var duplicateEvents: UInt64 = 0
    /// Appends refused as id conflicts.
    public var conflictingEvents: UInt64 = 0
    /// Write transactions committed.
    public var committedBatches: UInt64 = 0
    /// Syncs to disk (one per batch in durable mode).
    public var syncs: UInt64 = 0
    /// The most appends handled in one batch.
    public var largestBatch: Int = 0
    /// Times the memory map was grown.
    public var mapGrowths: UInt64 = 0

    /// Creates zeroed counters.
    public init() {}
}
