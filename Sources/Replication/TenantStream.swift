public import EventLog

extension TenantName {
    /// The JetStream stream of this tenant's log, on a store whose streams are named after
    /// `prefix` (`--stream`, `CX_LOG` by default): the prefix itself for the default tenant
    /// (the stream a store of the release before tenants used), `PREFIX_NAME` for the others.
    public func streamName(prefix: String) -> String {
        self == .default ? prefix : "\(prefix)_\(rawValue)"
    }
}
