public import Ingest
public import Replication
public import ServiceLifecycle

/// How one tenant's log takes part in replication: what its writes must pass before their
/// `202`, how replication stands for its `/healthz` and `/metrics`, and the services its log
/// depends on (its publisher, or a replica's follower), started first and stopped last.
public struct TenantReplication: Sendable {
    /// What every write must pass before its `202` (the stream's acknowledgement, a
    /// replica's refusal).
    public var gate: any AcknowledgementGate
    /// How replication stands.
    public var status: any ReplicationStatusSource
    /// The services the log depends on.
    public var upstream: [any Service]

    /// A tenant's part in replication.
    public init(gate: any AcknowledgementGate, status: any ReplicationStatusSource, upstream: [any Service]) {
        self.gate = gate
        self.status = status
        self.upstream = upstream
    }

    /// A primary's part: `publisher` is the gate, the status and the upstream service.
    public static func publishing(_ publisher: LogPublisher) -> TenantReplication {
        TenantReplication(gate: publisher, status: publisher, upstream: [publisher])
    }
}
