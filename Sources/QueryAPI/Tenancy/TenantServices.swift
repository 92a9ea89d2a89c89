public import EventLog
import Hummingbird
public import Ingest
public import Projections
import ServiceLifecycle

/// One tenant's open store: its log, its read models and their runner, its write path, the
/// routes over them, and the services that keep them running.
public final class TenantServices: Sendable {
    /// Where the tenant's files are.
    public let layout: StoreLayout
    /// The tenant's log.
    public let log: EventLog
    /// The projector keeping the tenant's read models.
    public let runner: ProjectionRunner
    /// The tenant's write path.
    public let ingestor: Ingestor
    let responder: RouterResponder<StoreRequestContext>
    private let group: ServiceGroup

    init(
        layout: StoreLayout, log: EventLog, runner: ProjectionRunner, ingestor: Ingestor, responder: RouterResponder<StoreRequestContext>,
        group: ServiceGroup
    ) {
        self.layout = layout
        self.log = log
        self.runner = runner
        self.ingestor = ingestor
        self.responder = responder
        self.group = group
    }

    /// Runs the tenant's services until ``stop()``, then closes its log, so that every
    /// append in flight is committed first.
    func run() async throws {
        do {
            try await group.run()
        } catch {
            await log.close()
            throw error
        }
        await log.close()
    }

    /// Stops the tenant's services (the last one first); ``run()`` then closes the log.
    func stop() async {
        await group.triggerGracefulShutdown()
    }
}
