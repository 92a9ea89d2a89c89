import CIM
import EventLog
import GRDB

/// `calls` and `call_activities`: each call's current state and the activities that are
/// its history, from every `VOICE` message with a call id and every
/// `IVR_AGGREGATED_ACTIVITY` that names one.
///
/// - The webhook adapters write the call's state into the body's `additionalDetail`
///   (`provider`, `status`, `agent`, `menuPath`, `failReason`, `waitDuration`,
///   `callDuration`, `holdDuration`, `transferCount`); another `VOICE` message's status is
///   its activity type (`CALL_LEG_STARTED`, …) and its provider `cim`.
/// - The current state is that of the activity that happened last, not the one that
///   arrived last: a webhook redelivered late does not move a finished call back.
/// - An IVR journey adds to the call's history and fills its menu path when the call has
///   none; it does not change the status. A call first known from its journey takes the
///   provider of its later voice events.
struct CallProjection: Projection {
    let name = "calls"
    let version = 1
    let tables = ["calls", "call_activities"]

    /// Every call an erased record took part in, whole: its state and all of its activities.
    func erase(_ erased: ErasedRows, in db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS erased_calls (call_id TEXT PRIMARY KEY);
                DELETE FROM temp.erased_calls;
                INSERT OR IGNORE INTO temp.erased_calls SELECT call_id FROM call_activities WHERE position IN (\(erased.positions));
                DELETE FROM call_activities WHERE call_id IN (SELECT call_id FROM temp.erased_calls);
                DELETE FROM calls WHERE call_id IN (SELECT call_id FROM temp.erased_calls);
                DELETE FROM temp.erased_calls;
                """)
    }

    func apply(_ events: [ProjectedEvent], in db: Database) throws {
        let upsertState = try RawStatement(
            db,
            """
            INSERT INTO calls (call_id, provider, conversation_id, status, status_at, agent, menu_path, fail_reason, wait_seconds,
                talk_seconds, hold_seconds, transfer_count, first_activity_at, last_activity_at, activity_count)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, 0), ?5, ?5, 1)
            ON CONFLICT (call_id) DO UPDATE SET
                activity_count = activity_count + 1,
                first_activity_at = min(first_activity_at, excluded.status_at),
                last_activity_at = max(last_activity_at, excluded.status_at),
                conversation_id = coalesce(conversation_id, excluded.conversation_id),
                provider = iif(provider = 'cim', excluded.provider, provider),
                status = iif(excluded.status_at >= status_at, excluded.status, status),
                agent = iif(excluded.status_at >= status_at, coalesce(excluded.agent, agent), coalesce(agent, excluded.agent)),
                menu_path = iif(excluded.status_at >= status_at, coalesce(excluded.menu_path, menu_path), coalesce(menu_path, excluded.menu_path)),
                fail_reason = iif(excluded.status_at >= status_at, excluded.fail_reason, fail_reason),
                wait_seconds = iif(excluded.status_at >= status_at, coalesce(excluded.wait_seconds, wait_seconds), wait_seconds),
                talk_seconds = iif(excluded.status_at >= status_at, coalesce(excluded.talk_seconds, talk_seconds), talk_seconds),
                hold_seconds = iif(excluded.status_at >= status_at, coalesce(excluded.hold_seconds, hold_seconds), hold_seconds),
                transfer_count = max(transfer_count, excluded.transfer_count),
                status_at = max(status_at, excluded.status_at)
            """)
        let upsertJourney = try RawStatement(
            db,
            """
            INSERT INTO calls (call_id, provider, conversation_id, status, status_at, menu_path, first_activity_at, last_activity_at,
                activity_count)
            VALUES (?1, 'cim', ?2, 'IVR_AGGREGATED_ACTIVITY', ?3, ?4, ?3, ?3, 1)
            ON CONFLICT (call_id) DO UPDATE SET
                activity_count = activity_count + 1,
                first_activity_at = min(first_activity_at, excluded.status_at),
                last_activity_at = max(last_activity_at, excluded.status_at),
                conversation_id = coalesce(conversation_id, excluded.conversation_id),
                menu_path = coalesce(menu_path, excluded.menu_path)
            """)
        let addActivity = try RawStatement(db, "INSERT INTO call_activities (position, call_id, status) VALUES (?, ?, ?)")
        for event in events {
            let recorded = event.recorded
            let position = Int64(recorded.position.rawValue)
            let conversation = recorded.routingKeys.conversationID
            switch event.message?.body.content {
            case .voice(let voice)? where !voice.callID.isEmpty:
                let detail = voice.additionalDetail
                let status = detail?["status"]?.stringValue ?? recorded.type
                try upsertState.execute([
                    .text(voice.callID), .text(detail?["provider"]?.stringValue ?? "cim"), .text(conversation), .text(status),
                    .integer(recorded.occurredAt), .text(detail?["agent"]?.stringValue), .text(detail?["menuPath"]?.stringValue),
                    .text(detail?["failReason"]?.stringValue), .integer(detail?["waitDuration"]?.integerValue),
                    .integer(detail?["callDuration"]?.integerValue), .integer(detail?["holdDuration"]?.integerValue),
                    .integer(detail?["transferCount"]?.integerValue),
                ])
                try addActivity.execute([.integer(position), .text(voice.callID), .text(status)])
            case .ivrAggregatedActivity(let ivr)?:
                guard let callID = ivr.callID, !callID.isEmpty else { continue }
                try upsertJourney.execute([
                    .text(callID), .text(conversation), .integer(recorded.occurredAt),
                    .text(ivr.menuVisits.isEmpty ? nil : Summary.menuPath(ivr)),
                ])
                try addActivity.execute([.integer(position), .text(callID), .text(recorded.type)])
            default:
                continue
            }
        }
    }
}
