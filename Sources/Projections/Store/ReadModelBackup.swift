public import EventLog
import Foundation
import GRDB

/// A consistent copy of a store's read models, taken with SQLite's online backup while the
/// projector keeps writing.
public enum ReadModelBackup {
    /// Copies the current generation of `source`'s read models into `destination` as its
    /// generation 1, and points `destination`'s link at it. `progress` is called with the
    /// pages copied and the pages in all, as the copy goes.
    ///
    /// - Throws: ``ProjectionsError`` when `source` has no read models or the copy fails.
    public static func copy(from source: StoreLayout, to destination: StoreLayout, progress: @escaping (Int, Int) -> Void) throws {
        guard let generation = ReadModelStore.linkedGeneration(source) else {
            throw ProjectionsError(code: .storageFailure, message: "\(source.projectionsLink) does not point at a generation of read models")
        }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(10)
            let from = try DatabaseQueue(path: source.projectionsFile(generation: generation), configuration: readOnly)
            try FileManager.default.createDirectory(atPath: destination.projectionsDirectory, withIntermediateDirectories: true)
            let path = destination.projectionsFile(generation: 1)
            ReadModelStore.removeFiles(of: path)
            let to = try DatabaseQueue(path: path)
            try from.backup(to: to, pagesPerStep: 1024) { step in
                progress(step.completedPageCount, step.totalPageCount)
            }
            try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try to.close()
            try from.close()
            try ReadModelStore.point(destination, at: 1)
        } catch let error as ProjectionsError {
            throw error
        } catch {
            throw ProjectionsError(code: .storageFailure, message: "backup of the read models failed: \(error)")
        }
    }
}
