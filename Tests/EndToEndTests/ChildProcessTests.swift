import Foundation
import StoreTesting
import Testing

/// The test helpers that start programs: what a child inherits, how its output is read, and
/// that every wait for it is bounded. A hang here once held the whole CI run.
@Suite struct ChildProcessTests {
    /// A pipe this process opened without close-on-exec (as Foundation's `Pipe` does) does
    /// not reach a child it was not given: no descriptor of the child is that pipe, and the
    /// pipe reads its end as soon as this process closes its writing end.
    @Test func aChildHoldsNoDescriptorItWasNotGiven() async throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"])
        let pipeName = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(ends[1])")
        let childDirectory = "/proc/\(child.pid)/fd"
        let held = try FileManager.default.contentsOfDirectory(atPath: childDirectory).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: childDirectory + "/" + $0)
        }
        #expect(pipeName.hasPrefix("pipe:"))
        #expect(!held.contains(pipeName), "the child holds \(pipeName): \(held)")
        let (reading, writing) = (ends[0], ends[1])
        close(writing)
        let read = await OwnThread.run {
            var byte: UInt8 = 0
            return Glibc.read(reading, &byte, 1)
        }
        close(reading)
        #expect(read == 0, "the end of the pipe, not a wait for the child")
        #expect(child.isRunning)
        child.send(SIGKILL)
        #expect(await child.exitStatus(within: .seconds(10)) == SIGKILL)
    }

    /// Output and errors are read together: a child that writes far more than a pipe holds to
    /// standard error before it writes to standard output does not wait for a reader.
    @Test func bothStreamsAreReadWhateverTheirSize() async throws {
        let outcome = try await CommandRunner.run(
            executable: "/bin/sh", ["-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; echo out; exit 3"], timeout: .seconds(30))
        #expect(outcome.status == 3)
        #expect(outcome.standardOutput == "out\n")
        #expect(outcome.standardError.utf8.count == 300_000)
    }

    /// A command that runs past its bound is killed and named, instead of holding its test.
    @Test func aCommandPastItsBoundIsKilledAndNamed() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await CommandRunner.run(executable: "/bin/sleep", ["30"], timeout: .seconds(1))
        } throws: { error in
            guard case CommandRunnerError.timedOut(let command, _) = error else { return false }
            return command == "/bin/sleep 30"
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
