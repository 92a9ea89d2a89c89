import Foundation

/// The memory mappings of this process, as Linux lists them in `/proc/self/maps`.
enum ProcessMappings {
    /// A mapped address range.
    struct Range {
        let start: UnsafeMutableRawPointer
        let length: Int
    }

    /// Every range mapping the file at `path` (an absolute path without symbolic links);
    /// none where `/proc` is not available.
    static func ranges(ofFile path: String) -> [Range] {
        guard let maps = contents(of: "/proc/self/maps") else { return [] }
        return maps.split(separator: "\n").compactMap { line in
            // start-end perms offset device inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[5].trimmingCharacters(in: .whitespaces) == path else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), end > start,
                let address = UnsafeMutableRawPointer(bitPattern: start)
            else { return nil }
            return Range(start: address, length: Int(end - start))
        }
    }

    /// A `/proc` file read to its end (they report a size of 0, so reading by size stops
    /// after the first page).
    static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
