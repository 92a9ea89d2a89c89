/// An `IVR_AGGREGATED_ACTIVITY` body: one call's journey through an IVR, pushed when the
/// call leaves it.
public struct IVRAggregatedActivity: Sendable, Hashable {
    /// How a call left the IVR.
    public enum EndDirection: String, Sendable, Hashable, CaseIterable {
        /// The call was dropped in the IVR.
        case dialogEnded = "DIALOG_ENDED"
        /// The call was transferred to an agent.
        case transfer = "TRANSFER"
    }

    /// One menu the caller visited.
    public struct MenuVisit: Sendable, Hashable {
        /// `menu` (required).
        public var menu: String
        /// `selection`.
        public var selection: String?
        /// `timestamp`.
        public var timestamp: Timestamp?
        /// `metadata`, kept as sent.
        public var metadata: JSONValue?

        /// Creates a menu visit.
        public init(menu: String, selection: String? = nil, timestamp: Timestamp? = nil, metadata: JSONValue? = nil) {
            self.menu = menu
            self.selection = selection
            self.timestamp = timestamp
            self.metadata = metadata
        }
    }

    /// `callId`.
    public var callID: String?
    /// `leg`.
    public var leg: String?
    /// `startDirection` (required), e.g. `INBOUND`.
    public var startDirection: String
    /// `endDirection`.
    public var endDirection: EndDirection?
    /// `startTime`.
    public var startTime: Timestamp?
    /// `endTime` (not before `startTime`).
    public var endTime: Timestamp?
    /// `activities`: the menus visited, in order.
    public var menuVisits: [MenuVisit]

    /// Creates an IVR aggregated activity.
    public init(
        callID: String? = nil,
        leg: String? = nil,
        startDirection: String,
        endDirection: EndDirection? = nil,
        startTime: Timestamp? = nil,
        endTime: Timestamp? = nil,
        menuVisits: [MenuVisit] = []
    ) {
        self.callID = callID
        self.leg = leg
        self.startDirection = startDirection
        self.endDirection = endDirection
        self.startTime = startTime
        self.endTime = endTime
        self.menuVisits = menuVisits
    }
}
