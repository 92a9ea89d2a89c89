public import EventLog

/// Several gates as one: a write is admitted when every gate admits it, and acknowledged
/// when every gate acknowledges it, in order (a tenant's storage quota, then replication).
public struct AcknowledgementGates: AcknowledgementGate {
    /// The gates, asked in this order.
    public let gates: [any AcknowledgementGate]

    /// The gates `gates`, asked in this order.
    public init(_ gates: [any AcknowledgementGate]) {
        self.gates = gates
    }

    public func admit() throws {
        for gate in gates { try gate.admit() }
    }

    public func acknowledge(through position: LogPosition) async throws {
        for gate in gates { try await gate.acknowledge(through: position) }
    }
}
