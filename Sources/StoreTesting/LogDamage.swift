import Foundation

/// Damages a closed log on disk the way a failing disk would: one byte changed in place.
public enum LogDamage {
    /// Why the damage could not be done.
    public enum Failure: Error {
        /// `marker` does not occur in the data file.
        case markerNotFound(String)
    }

    /// Replaces the first byte of the first occurrence of `marker` in `logDirectory/data.mdb`
    /// with `replacement`. The log must be closed (or the change may be overwritten).
    public static func overwrite(marker: String, inLogDirectory logDirectory: String, with replacement: UInt8) throws {
        let url = URL(fileURLWithPath: logDirectory + "/data.mdb")
        var bytes = try [UInt8](Data(contentsOf: url))
        let pattern = Array(marker.utf8)
        guard let offset = bytes.indices.first(where: { bytes[$0..<min($0 + pattern.count, bytes.count)].elementsEqual(pattern) }) else {
            throw Failure.markerNotFound(marker)
        }
        bytes[offset] = replacement
        try Data(bytes).write(to: url)
    }
}
