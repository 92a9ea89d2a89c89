import EventLog
import Testing

@testable import Replication

/// The publisher's decisions on their own: writes wait for the first comparison with the
/// stream; a stream ahead of the log or holding another record fences for good; a refusal or
/// a silent stream interrupts publishing and sends it back to reconciling.
@Suite struct PublisherStateMachineTests {
    private func machine() -> PublisherStateMachine {
        PublisherStateMachine(stream: "CX_LOG_acme", acknowledgementTimeout: .seconds(5))
    }

    @Test func writesAreRefusedUntilTheFirstComparisonWithTheStream() throws {
        var machine = machine()
        #expect(machine.refusal?.code == .unreachable)
        #expect(machine.state == .starting)
        #expect(machine.nextStep(acknowledgementFailure: nil, sinceLastAcknowledgement: .zero, replicated: .start) == .reconcile)
        let reported = machine.failed(ReplicationError(code: .unreachable, message: "no server"))
        #expect(reported)
        #expect(machine.state == .starting, "a failed first comparison still refuses writes")
        #expect(machine.refusal?.message.contains("no server") == true)

        let decision = try machine.reconcile(streamHead: LogPosition(40), logHead: LogPosition(42)) { _ in true }
        #expect(decision == .resume(from: LogPosition(40)))
        #expect(machine.refusal == nil)
        #expect(machine.state == .streaming)
        #expect(
            machine.nextStep(acknowledgementFailure: nil, sinceLastAcknowledgement: .zero, replicated: LogPosition(40))
                == .publish(after: LogPosition(40)))
    }

    @Test func aStreamAheadOfTheLogFencesAndSaysHowFarTheyAgree() throws {
        var machine = machine()
        let decision = try machine.reconcile(streamHead: LogPosition(101), logHead: LogPosition(100)) { position in
            #expect(position == LogPosition(100))
            return true
        }
        #expect(decision == .fence(replicatedThrough: LogPosition(100)))
        #expect(machine.state == .fenced)
        let refusal = try #require(machine.refusal)
        #expect(refusal.code == .fenced)
        #expect(refusal.streamHead == LogPosition(101))
        #expect(refusal.logHead == LogPosition(100))
        #expect(refusal.message.contains("CX_LOG_acme is ahead of this log"))
    }

    @Test func aDifferentRecordAtTheStreamsHeadFences() throws {
        var machine = machine()
        let decision = try machine.reconcile(streamHead: LogPosition(7), logHead: LogPosition(9)) { _ in false }
        #expect(decision == .fence(replicatedThrough: nil))
        #expect(machine.refusal?.message.contains("different record at position 7") == true)
    }

    @Test func anEmptyStreamAndAnEmptyLogAgreeWithoutReadingARecord() throws {
        var machine = machine()
        let decision = try machine.reconcile(streamHead: .start, logHead: .start) { _ in
            Issue.record("no record to compare at position 0")
            return false
        }
        #expect(decision == .resume(from: .start))
    }

    @Test func fencedIsForGood() throws {
        var machine = machine()
        _ = try machine.reconcile(streamHead: LogPosition(5), logHead: LogPosition(3)) { _ in true }
        let reportedWhileFenced = machine.failed(ReplicationError(code: .unreachable, message: "lost"))
        #expect(!reportedWhileFenced)
        #expect(machine.state == .fenced)
        #expect(machine.nextStep(acknowledgementFailure: "refused", sinceLastAcknowledgement: .seconds(60), replicated: .start) == .idle)
        machine.published(through: LogPosition(9))
        #expect(machine.state == .fenced)
    }

    @Test func aRefusedRecordOrASilentStreamInterruptsAndReconciles() throws {
        var machine = machine()
        _ = try machine.reconcile(streamHead: LogPosition(10), logHead: LogPosition(20)) { _ in true }
        machine.published(through: LogPosition(20))
        let replicated = LogPosition(12)
        #expect(
            machine.nextStep(acknowledgementFailure: "wrong last sequence", sinceLastAcknowledgement: .zero, replicated: replicated)
                == .interrupt(reason: "wrong last sequence"))
        #expect(
            machine.nextStep(acknowledgementFailure: nil, sinceLastAcknowledgement: .seconds(4), replicated: replicated)
                == .publish(after: LogPosition(20)))
        guard case .interrupt = machine.nextStep(acknowledgementFailure: nil, sinceLastAcknowledgement: .seconds(6), replicated: replicated) else {
            Issue.record("records in flight with no acknowledgement for longer than the timeout must interrupt")
            return
        }
        #expect(
            machine.nextStep(acknowledgementFailure: nil, sinceLastAcknowledgement: .seconds(60), replicated: LogPosition(20))
                == .publish(after: LogPosition(20)), "nothing in flight: silence is no failure")

        let first = machine.failed(ReplicationError(code: .unreachable, message: "no acknowledgement"))
        let again = machine.failed(ReplicationError(code: .unreachable, message: "no acknowledgement"))
        #expect(first)
        #expect(!again, "the same problem is reported once")
        #expect(machine.state == .unreachable)
        #expect(machine.refusal == nil, "an interrupted primary still takes writes; sync mode holds their 202")
        #expect(machine.nextStep(acknowledgementFailure: nil, sinceLastAcknowledgement: .zero, replicated: replicated) == .reconcile)
    }

    @Test func theLoopWaitsBrieflyOnlyWhileAcknowledgementsAreAwaited() throws {
        var machine = machine()
        _ = try machine.reconcile(streamHead: LogPosition(3), logHead: LogPosition(3)) { _ in true }
        #expect(machine.idleWait(replicated: LogPosition(3)) == .seconds(1))
        machine.published(through: LogPosition(8))
        #expect(machine.idleWait(replicated: LogPosition(3)) == .milliseconds(20))
    }
}
