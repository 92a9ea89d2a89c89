import CIM
import EventLog
import GRDB

/// `ivr_journeys` and `ivr_menu_visits`: one journey per `IVR_AGGREGATED_ACTIVITY`, with
/// its menu path as text (`Main > Billing`) and whether the call was contained (ended in
/// the IVR) or transferred to an agent. Join `activities` on `position` for the customer.
struct IVRProjection: Projection {
    let name = "ivr"
    let version = 1
    let tables = ["ivr_journeys", "ivr_menu_visits"]

    /// The journeys of the erased records, with their menu visits.
    func erase(_ erased: ErasedRows, in db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM ivr_menu_visits WHERE journey_position IN (\(erased.positions));
                DELETE FROM ivr_journeys WHERE position IN (\(erased.positions));
                """)
    }

    func apply(_ events: [ProjectedEvent], in db: Database) throws {
        for event in events {
            guard case .ivrAggregatedActivity(let ivr)? = event.message?.body.content else { continue }
            let recorded = event.recorded
            let position = Int64(recorded.position.rawValue)
            let duration = ivr.startTime.flatMap { start in ivr.endTime.map { $0.millisecondsSince1970 - start.millisecondsSince1970 } }
            let contained: Int64? = ivr.endDirection.map { $0 == .dialogEnded ? 1 : 0 }
            try RawStatement(
                db,
                """
                INSERT INTO ivr_journeys (position, message_id, call_id, channel_customer_identifier, service_identifier,
                    start_direction, end_direction, started_at, ended_at, duration_ms, menu_path, menu_count, contained)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).execute([
                .integer(position), .text(recorded.messageID), .text(ivr.callID.flatMap { $0.isEmpty ? nil : $0 }),
                .text(recorded.routingKeys.channelCustomerIdentifier ?? ""), .text(recorded.routingKeys.serviceIdentifier ?? ""),
                .text(ivr.startDirection), .text(ivr.endDirection?.rawValue), .integer(ivr.startTime?.millisecondsSince1970),
                .integer(ivr.endTime?.millisecondsSince1970), .integer(duration), .text(Summary.menuPath(ivr)),
                .integer(Int64(ivr.menuVisits.count)), .integer(contained),
            ])
            let visitInsert = try RawStatement(
                db, "INSERT INTO ivr_menu_visits (journey_position, step, menu, selection, visited_at) VALUES (?, ?, ?, ?, ?)")
            for (index, visit) in ivr.menuVisits.enumerated() {
                try visitInsert.execute([
                    .integer(position), .integer(Int64(index + 1)), .text(visit.menu), .text(visit.selection),
                    .integer(visit.timestamp?.millisecondsSince1970),
                ])
            }
        }
    }
}
