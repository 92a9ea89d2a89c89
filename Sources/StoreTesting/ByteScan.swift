import Foundation

/// Searches every byte of every file under a directory for strings, the way an auditor
/// would check that erased data is physically gone.
public enum ByteScan {
    /// One string found in one file.
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        /// The file's path.
        public let file: String
        /// The string found.
        public let string: String

        public var description: String { "\"\(string)\" in \(file)" }
    }

    /// Every occurrence (file and string) of `strings` as UTF-8 in the files under
    /// `directory`, following no symbolic links.
    public static func findings(of strings: [String], under directory: String) -> [Finding] {
        let needles = strings.map { (string: $0, bytes: Data($0.utf8)) }
        var findings: [Finding] = []
        for file in files(under: directory) {
            guard let contents = FileManager.default.contents(atPath: file) else { continue }
            for needle in needles where contents.range(of: needle.bytes) != nil {
                findings.append(Finding(file: file, string: needle.string))
            }
        }
        return findings
    }

    /// The regular files under `directory`, recursively.
    public static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let path = directory + "/" + relative
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            files.append(path)
        }
        return files.sorted()
    }
}
