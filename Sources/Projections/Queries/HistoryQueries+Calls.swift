public import CIM
public import GRDB

extension HistoryQueries {
    /// A call's state and history, or `nil` for a call the read models do not know.
    public static func call(_ id: String, in db: Database) throws -> CallView? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM calls WHERE call_id = ?", arguments: [id]) else { return nil }
        let history = try Row.fetchAll(
            db,
            sql: """
                SELECT \(activityColumns) FROM call_activities c JOIN activities a ON a.position = c.position
                LEFT JOIN delivery_statuses d ON d.message_id = a.message_id
                WHERE c.call_id = ? ORDER BY a.occurred_at, a.position
                """,
            arguments: [id]
        ).map(activityView)
        return CallView(
            callID: row["call_id"], provider: row["provider"], customerID: history.last(where: { $0.customerID != nil })?.customerID,
            conversationID: row["conversation_id"], status: row["status"], statusAt: row["status_at"], agent: row["agent"],
            menuPath: row["menu_path"], failReason: row["fail_reason"], waitSeconds: row["wait_seconds"], talkSeconds: row["talk_seconds"],
            holdSeconds: row["hold_seconds"], transferCount: row["transfer_count"], firstActivityAt: row["first_activity_at"],
            lastActivityAt: row["last_activity_at"], history: history)
    }

    /// The customer of an 8x8 Voice session, as its first stored activity named them.
    public static func voiceCaller(sessionID: String, in db: Database) throws -> VoiceCaller? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT channel_customer_identifier, service_identifier FROM activities
                WHERE conversation_id = ? AND channel_customer_identifier IS NOT NULL
                    AND json_extract(message, '$.body.additionalDetail.provider') = ?
                ORDER BY occurred_at, position LIMIT 1
                """,
            arguments: [sessionID, VoiceWebhookAdapter.provider]
        ).map { row in VoiceCaller(number: row["channel_customer_identifier"], virtualNumber: row["service_identifier"]) }
    }

    /// The digits callers pressed in an 8x8 Voice session, as the adapter stored them from
    /// call-action webhooks, in the order they were pressed.
    public static func keypadInputs(sessionID: String, in db: Database) throws -> [VoiceKeypadInput] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT json_extract(message, '$.body.additionalDetail.dtmf') AS digits,
                    json_extract(message, '$.body.additionalDetail.clientActionId') AS menu, occurred_at
                FROM activities
                WHERE conversation_id = ? AND json_extract(message, '$.body.additionalDetail.provider') = ?
                    AND json_extract(message, '$.body.additionalDetail.dtmf') IS NOT NULL
                ORDER BY occurred_at, position
                """,
            arguments: [sessionID, VoiceWebhookAdapter.provider]
        ).map { row in
            VoiceKeypadInput(
                digits: row["digits"], menu: row["menu"], pressedAt: Timestamp(millisecondsSince1970: row["occurred_at"]))
        }
    }
}
