import Foundation

extension EventLog {
    /// Writes a consistent, compacted copy of the log (its last committed state) into
    /// `directory`, which is created and must not hold a log yet. Appends go on meanwhile;
    /// the copy holds what was committed when it started.
    ///
    /// - Throws: ``EventLogError`` when the directory holds a log already or the copy fails.
    public func copy(to directory: String) throws(EventLogError) {
        let dataFile = directory + "/data.mdb"
        guard !FileManager.default.fileExists(atPath: dataFile) else {
            throw EventLogError(code: .storageFailure, message: "\(dataFile) exists already; a copy goes into a new directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw EventLogError(code: .storageFailure, message: "cannot create \(directory): \(error.localizedDescription)")
        }
        try environment.copyCompacted(to: directory)
    }
}
