import Foundation
import GRDB
import Projections
import StoreTesting
import Testing

@Suite struct IVRTests {
    private func ivr(id: String, path: [String], end: String, seconds: Int) -> String {
        let visits = path.enumerated().map { #"{"menu": "\#($1)", "selection": "\#($0 + 1)", "timestamp": \#(1_680_692_114_700 + $0 * 1000)}"# }
        return #"""
            {"id": "\#(id)", "header": {"sender": {"id": "ivr", "type": "IVR", "senderName": "MY-IVR"}, "intent": "IVR_AGGREGATED_ACTIVITY",
             "channelData": {"channelCustomerIdentifier": "+41795551234", "serviceIdentifier": "1218"}, "timestamp": 1680692114700},
             "body": {"type": "IVR_AGGREGATED_ACTIVITY", "callId": "call-\#(id)", "startDirection": "INBOUND", "endDirection": "\#(end)",
                      "startTime": 1680692114700, "endTime": \#(1_680_692_114_700 + seconds * 1000), "activities": [\#(visits.joined(separator: ", "))]}}
            """#
    }

    @Test func journeysRecordPathDurationAndContainment() async throws {
        try await withHistory { history in
            try await history.post(ivr(id: "i1", path: ["Main", "Billing"], end: "TRANSFER", seconds: 134))
            try await history.post(ivr(id: "i2", path: ["Main"], end: "DIALOG_ENDED", seconds: 45))
            let activity = try await history.json("/v1/activities/i1")
            #expect(activity["summary"] as? String == "IVR: Main > Billing → transferred (2m 14s)")
            #expect(try await history.json("/v1/activities/i2")["summary"] as? String == "IVR: Main → ended in IVR (45s)")

            let journeys = try await history.server.runner.store.read { db in
                try Row.fetchAll(db, sql: "SELECT call_id, menu_path, duration_ms, contained FROM ivr_journeys ORDER BY position").map { row in
                    "\(row["call_id"] as String)|\(row["menu_path"] as String)|\(row["duration_ms"] as Int)|\(row["contained"] as Int)"
                }
            }
            #expect(journeys == ["call-i1|Main > Billing|134000|0", "call-i2|Main|45000|1"])
            let visits = try await history.server.runner.store.read { db in
                try Row.fetchAll(db, sql: "SELECT step, menu, selection FROM ivr_menu_visits WHERE journey_position = 1 ORDER BY step").map { row in
                    "\(row["step"] as Int):\(row["menu"] as String)=\(row["selection"] as String)"
                }
            }
            #expect(visits == ["1:Main=1", "2:Billing=2"])
        }
    }
}
