import EventLog
import Projections

/// The activities the projections apply, as one live source: it follows the applied
/// position and reads each newly applied range of activities once, however many
/// conversation and customer streams watch them.
enum ActivityBroadcaster {
    /// What a stream watches.
    enum Watched: Hashable, Sendable {
        case customer(String)
        case conversation(String)
    }

    typealias FanOut = LiveFanOut<Watched, ActivityView>

    /// Activities read from the read models per query.
    static var pageSize: Int { 1000 }

    /// A fan-out of the activities `runner` applies from now on.
    static func make(runner: ProjectionRunner, bufferLimit: Int = 1024, heartbeatInterval: Duration = .seconds(15)) -> FanOut {
        FanOut(startingAfter: runner.applied.position, bufferLimit: bufferLimit, heartbeatInterval: heartbeatInterval) { after, fanOut in
            var published = after
            while !Task.isCancelled {
                let applied = await runner.applied.wait(beyond: published)
                guard applied > published else { return }
                do {
                    while published < applied {
                        let from = published
                        let page = try await runner.store.read { db in
                            try HistoryQueries.activities(after: Int64(from.rawValue), through: Int64(applied.rawValue), limit: pageSize, in: db)
                        }
                        let through = page.count < pageSize ? applied : LogPosition(UInt64(page.last?.position ?? 0))
                        fanOut.publish(page.map { (keys: watchers(of: $0), element: $0) }, through: through)
                        published = through
                    }
                } catch {
                    return
                }
            }
        }
    }

    private static func watchers(of activity: ActivityView) -> [Watched] {
        [activity.customerID.map(Watched.customer), activity.conversationID.map(Watched.conversation)].compactMap { $0 }
    }
}
