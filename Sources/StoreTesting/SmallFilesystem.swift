import Foundation

/// A tmpfs of a given size mounted on a fresh temporary directory (needs root), for tests
/// that fill a disk.
public struct SmallFilesystem: Sendable {
    /// Where it is mounted.
    public let path: String

    /// `true` when this process may mount a tmpfs (root in a mount-capable sandbox).
    public static var isAvailable: Bool {
        guard let probe = try? SmallFilesystem(bytes: 64 * 1024) else { return false }
        probe.unmount()
        return true
    }

    /// Mounts a tmpfs of `bytes` bytes.
    public init(bytes: Int) throws {
        let directory = try TemporaryDirectory(prefix: "cxstore-tmpfs")
        let mount = try ChildProcess(executable: "/bin/mount", arguments: ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", directory.path])
        guard mount.waitUntilExit() == 0 else {
            directory.remove()
            throw SmallFilesystemError.cannotMount
        }
        path = directory.path
    }

    /// Unmounts it and removes the mount point.
    public func unmount() {
        _ = try? ChildProcess(executable: "/bin/umount", arguments: [path]).waitUntilExit()
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Why a small file system could not be had.
public enum SmallFilesystemError: Error {
    /// `mount -t tmpfs` failed (not root, or no mount capability).
    case cannotMount
}
