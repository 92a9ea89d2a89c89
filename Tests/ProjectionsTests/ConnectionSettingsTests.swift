import GRDB
import StoreTesting
import Testing

@testable import Projections

/// The page caches and spill settings that bound the memory of `serve` and of a rebuild
/// (BENCHMARKS.md, issue 14): each connection gets the settings meant for its role.
@Suite struct ConnectionSettingsTests {
    @Test func readersKeepMorePagesThanTheProjectionsWriter() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pool = try ReadModelStore.openPool(path: directory.path + "/generation.sqlite")
        let readerCache = try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        let writerCache = try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") }
        #expect(readerCache == -65536)
        #expect(writerCache == -32768)
    }

    @Test func aRebuildSpillsItsSortsToFilesWithABoundedCache() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let queue = try ReadModelStore.openForBulkLoad(path: directory.path + "/generation.sqlite")
        let (cache, tempStore) = try queue.inDatabase { db in
            (try Int.fetchOne(db, sql: "PRAGMA cache_size"), try Int.fetchOne(db, sql: "PRAGMA temp_store"))
        }
        #expect(cache == -65536)
        #expect(tempStore == 1)
    }
}
