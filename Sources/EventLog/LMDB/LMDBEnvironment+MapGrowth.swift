/// What a write did to make room in a full map before it committed.
struct MapGrowth: Sendable {
    /// Reader slots of dead processes cleared (their read transactions pinned old pages).
    var clearedReaders: Int32 = 0
    /// Times the map was doubled.
    var doublings = 0
}

extension LMDBEnvironment {
    /// How many times one write doubles the map before it gives up: 40 doublings pass any
    /// size a file system holds, so the limit only stops a loop that cannot succeed.
    static let maximumDoublings = 40

    /// Runs `body` in a write transaction (``writeTransaction(_:)``) and, when LMDB answers
    /// `MDB_MAP_FULL`, makes room and runs it again in a new transaction: first by clearing
    /// the reader slots of dead processes (once), then by doubling the map. The one place the
    /// log's writes meet a full map; `body` must be safe to run again (everything it wrote was
    /// aborted with the transaction).
    func writeMakingRoom<Value>(_ body: (consuming LMDBTransaction) throws -> Value) throws(EventLogError) -> (value: Value, growth: MapGrowth) {
        var growth = MapGrowth()
        var checkedStaleReaders = false
        while true {
            do {
                return (try writeTransaction(body), growth)
            } catch  where error.status == LMDBStatus.mapFull && growth.doublings < Self.maximumDoublings {
                if !checkedStaleReaders {
                    checkedStaleReaders = true
                    growth.clearedReaders = clearStaleReaders()
                    if growth.clearedReaders > 0 { continue }
                }
                try grow()
                growth.doublings += 1
            }
        }
    }
}
