/// A call object of the CCAI Platform apps API, as the adapter understands it. Unknown
/// agents, menus and end users arrive as `null` and are `nil` here.
public struct CCAICall: Sendable, Hashable {
    /// The statuses the apps API documents, in snake case.
    public static let statuses = [
        "selecting", "queued", "assigned", "connecting", "connected", "finished", "failed", "switching", "recovered", "scheduled",
        "action_only", "action_only_finished", "deflected", "voicemail", "voicemail_received", "voicemail_read",
    ]

    /// A transfer of the call to another agent or menu.
    public struct Transfer: Sendable, Hashable {
        /// `id`.
        public var id: Int64?
        /// `status`, e.g. `transferring`.
        public var status: String?
        /// `created_at`.
        public var createdAt: Timestamp?
        /// Who or what it went to: `to_agent`'s name, else `to_menu`'s.
        public var target: String?
    }

    /// `id`.
    public var id: Int64
    /// `parent_id`: the failed call a recovered call calls back.
    public var parentID: Int64?
    /// `call_type`, e.g. `Voice Inbound (API)`.
    public var callType: String?
    /// `status`, in snake case (`action_only_finished`).
    public var status: String
    /// `created_at`.
    public var createdAt: Timestamp?
    /// `queued_at`.
    public var queuedAt: Timestamp?
    /// `assigned_at`.
    public var assignedAt: Timestamp?
    /// `connected_at`.
    public var connectedAt: Timestamp?
    /// `ends_at`.
    public var endsAt: Timestamp?
    /// `scheduled_at`: when a scheduled call is to be made.
    public var scheduledAt: Timestamp?
    /// `wait_duration` in seconds.
    public var waitDuration: Int64?
    /// `call_duration` in seconds.
    public var callDuration: Int64?
    /// `hold_duration` in seconds.
    public var holdDuration: Int64?
    /// `fail_reason`, `nil` for `nothing`.
    public var failReason: String?
    /// `fail_details`.
    public var failDetails: String?
    /// `deflection`, `nil` for `no_deflection`.
    public var deflection: String?
    /// The menu the caller chose: `menu_path.name`, else `selected_menu.name`.
    public var menu: String?
    /// `agent_info.id`.
    public var agentID: Int64?
    /// The agent's name: `agent_info.name`, else first and last name.
    public var agentName: String?
    /// The end user's id: `end_user.id`, else that of the `end_user` participant.
    public var endUserID: Int64?
    /// `transfers`, in order.
    public var transfers: [Transfer]
    /// The call object as received.
    public var object: JSONValue
}
