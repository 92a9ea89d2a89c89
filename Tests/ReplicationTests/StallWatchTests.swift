import Testing

@testable import Replication

/// The follower's stall watch, on its own: silence shorter than a heartbeat is normal, longer
/// silence asks for the stream's head, a stream ahead of the log is a stall, and a lost
/// connection is reported once and its return once.
@Suite struct StallWatchTests {
    let start = ContinuousClock.now

    @Test func silenceShorterThanAHeartbeatIsWaitedOut() {
        var watch = StallWatch(heartbeat: .seconds(2), now: start)
        #expect(watch.idle(at: start + .milliseconds(500), connected: true) == .wait)
        #expect(watch.idle(at: start + .seconds(2), connected: true) == .wait)
    }

    @Test func silenceLongerThanAHeartbeatChecksTheStreamOncePerHeartbeat() {
        var watch = StallWatch(heartbeat: .seconds(2), now: start)
        #expect(watch.idle(at: start + .milliseconds(2001), connected: true) == .checkStream)
        #expect(watch.idle(at: start + .milliseconds(2500), connected: true) == .wait)
        #expect(watch.idle(at: start + .milliseconds(4100), connected: true) == .checkStream)
    }

    @Test func deliveriesStartTheSilenceOver() {
        var watch = StallWatch(heartbeat: .seconds(2), now: start)
        watch.received(at: start + .seconds(1.5))
        #expect(watch.idle(at: start + .seconds(3), connected: true) == .wait)
        #expect(watch.idle(at: start + .seconds(3.6), connected: true) == .checkStream)
    }

    @Test func aStreamAheadOfTheLogIsAStallAndOneLevelWithItIsNot() {
        let watch = StallWatch(heartbeat: .seconds(2), now: start)
        #expect(watch.checked(streamHead: 9_439, logHead: 2_586) == .stalled(behind: 6_853))
        #expect(watch.checked(streamHead: 2_586, logHead: 2_586) == .caughtUp)
        // A replica never runs ahead of its stream (it stops first), but a head read before a
        // batch was written can be older than the log.
        #expect(watch.checked(streamHead: 100, logHead: 120) == .caughtUp)
    }

    @Test func aLostConnectionIsReportedOnceAndItsReturnOnceThenSilenceCountsAfresh() {
        var watch = StallWatch(heartbeat: .seconds(2), now: start)
        #expect(watch.idle(at: start + .seconds(1), connected: false) == .reportDisconnected)
        #expect(watch.isDisconnected)
        #expect(watch.idle(at: start + .seconds(5), connected: false) == .wait)
        #expect(watch.idle(at: start + .seconds(9), connected: false) == .wait)
        #expect(watch.idle(at: start + .seconds(10), connected: true) == .reportReconnected)
        #expect(!watch.isDisconnected)
        #expect(watch.idle(at: start + .seconds(11), connected: true) == .wait)
        #expect(watch.idle(at: start + .seconds(12.5), connected: true) == .checkStream)
    }
}
