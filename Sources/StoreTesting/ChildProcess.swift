public import Foundation
import Synchronization

/// A child process for tests, started with `posix_spawn` instead of Foundation's `Process`.
///
/// Two reasons. Foundation's `Process.run()` on Linux (Swift 6.3.1) lists `/proc/self/fd` to
/// close the parent's descriptors in the child, and that listing over-reads its buffer and
/// crashes now and then in a process with many descriptors (swift-corelibs-foundation
/// PR #5472; seen here: a SIGSEGV in `Process.run()` under load). And a descriptor opened
/// by another thread after that listing leaks into the child: a pipe of one test held open
/// by another test's long-lived server (or the suite's browser driver), so that reading the
/// pipe to its end waits for that server. Here the child closes every descriptor above 2 when
/// it starts (`posix_spawn_file_actions_addclosefrom_np`), and pipes are close-on-exec.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// This process's own stream.
        case inherit
        /// A file, appended to (created if missing).
        case file(String)
        /// An open descriptor of this process, such as a pipe's end.
        case descriptor(Int32)
    }

    /// The child's process id.
    public let pid: pid_t
    /// The wait status once reaped.
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and this process's environment.
    ///
    /// - Throws: ``ChildProcessError/cannotStart`` with `posix_spawn`'s error.
    public init(
        executable: String, arguments: [String], standardInput: Stream = .null, standardOutput: Stream = .null, standardError: Stream = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in [(Int32(0), standardInput), (1, standardOutput), (2, standardError)] {
            switch stream {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .inherit: break
            case .file(let path): posix_spawn_file_actions_addopen(&actions, target, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            }
        }
        _ = Self.addCloseFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals this process ignores or blocks (SIGPIPE, say) are default in the child.
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw ChildProcessError.cannotStart(executable: executable, errno: result) }
        pid = child
    }

    /// Whether the child still runs (reaping it once it has exited).
    public var isRunning: Bool { status(waiting: false) == nil }

    /// The exit status (or the number of the signal that ended it) once the child has
    /// exited, waiting at most `timeout`; `nil` if it still runs then.
    public func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return status(waiting: false).map(Self.exitCode)
    }

    /// Waits for the child to exit, blocking this thread: only for children that end at
    /// once (a killed one, `mount`).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        Self.exitCode(status(waiting: true) ?? 0)
    }

    /// Sends `signal` to the child, unless it has been reaped (its id may be reused).
    public func send(_ signal: Int32) {
        reaped.withLock { status in
            if status == nil { _ = Foundation.kill(pid, signal) }
        }
    }

    private func status(waiting: Bool) -> Int32? {
        reaped.withLock { status in
            if status != nil { return status }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, waiting ? 0 : WNOHANG)
            if result == pid { status = raw }
            return status
        }
    }

    /// What Foundation's `terminationStatus` gives: the exit code, or the signal's number.
    private static func exitCode(_ raw: Int32) -> Int32 {
        raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
    }

    /// Opens a pipe whose ends are close-on-exec (a child gets an end only by `descriptor`).
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { throw ChildProcessError.cannotStart(executable: "pipe", errno: errno) }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's
    /// Glibc module does not export.
    private static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            fatalError("glibc 2.34 or later is needed: posix_spawn_file_actions_addclosefrom_np is missing")
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}

/// Why a child process could not be started.
public enum ChildProcessError: Error {
    /// `posix_spawn` (or `pipe`) failed with `errno`.
    case cannotStart(executable: String, errno: Int32)
}
