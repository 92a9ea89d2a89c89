import Foundation

/// Writes a file that holds secrets (credentials, webhook secrets): to a temporary file
/// readable by its owner only, synced, then renamed over the file, so that a reader sees the
/// old contents or the new, never a part, and nobody else ever sees them.
enum OwnerOnlyFile {
    /// Writes `data` to `path` that way.
    ///
    /// - Throws: ``OwnerOnlyFileError`` naming the step that failed; the old file stays.
    static func write(_ data: Data, to path: String) throws(OwnerOnlyFileError) {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw OwnerOnlyFileError(message: "cannot create \(temporary)")
        }
        do {
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
        } catch {
            throw OwnerOnlyFileError(message: "cannot sync \(temporary): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            throw OwnerOnlyFileError(message: "cannot replace \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// An owner-only file could not be written.
struct OwnerOnlyFileError: Error {
    /// What failed, and with which file.
    let message: String
}
