import CIM
import EventLog
import GRDB

/// `ivr_journeys` and `ivr_menu_visits`: one journey per `IVR_AGGREGATED_ACTIVITY`, with
/// its menu path as text (`Main > Billing`) and whether the call was contained (ended in
/// the IVR) or transferred to an agent. Join `activities` on `position` for the customer.
struct IVRProjection: Projection {
    let name = "ivr"
    let version = 1

    func apply(_ events: [ProjectedEvent], in db: Database) throws {
        for event in events {
            guard case .ivrAggregatedActivity(let ivr)? = event.message?.body.content else { continue }
            let recorded = event.recorded
            let position = Int64(recorded.position.rawValue)
            let duration = ivr.startTime.flatMap { start in ivr.endTime.map { $0.millisecondsSince1970 - start.millisecondsSince1970 } }
            let contained: Int? = ivr.endDirection.map { $0 == .dialogEnded ? 1 : 0 }
            try db.cachedStatement(
                sql: """
                    INSERT INTO ivr_journeys (position, message_id, call_id, channel_customer_identifier, service_identifier,
                        start_direction, end_direction, started_at, ended_at, duration_ms, menu_path, menu_count, contained)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                position, recorded.messageID, ivr.callID.flatMap { $0.isEmpty ? nil : $0 },
                recorded.routingKeys.channelCustomerIdentifier ?? "", recorded.routingKeys.serviceIdentifier ?? "",
                ivr.startDirection, ivr.endDirection?.rawValue, ivr.startTime?.millisecondsSince1970, ivr.endTime?.millisecondsSince1970,
                duration, Summary.menuPath(ivr), ivr.menuVisits.count, contained,
            ])
            for (index, visit) in ivr.menuVisits.enumerated() {
                try db.cachedStatement(
                    sql: "INSERT INTO ivr_menu_visits (journey_position, step, menu, selection, visited_at) VALUES (?, ?, ?, ?, ?)"
                ).execute(arguments: [position, index + 1, visit.menu, visit.selection, visit.timestamp?.millisecondsSince1970])
            }
        }
    }
}
