import CIM
import EventLog
import Ingest
import Projections

/// The 8x8 webhook path's view of voice sessions, answered from the read models.
struct ReadModelVoiceSessions: VoiceSessionLookup {
    let reads: ReadContext

    func caller(ofSession sessionID: String) async throws -> VoiceCaller? {
        try await reads.store.read { db in try HistoryQueries.voiceCaller(sessionID: sessionID, in: db) }
    }

    func keypadInputs(ofSession sessionID: String, appliedThrough position: LogPosition) async throws -> [VoiceKeypadInput]? {
        guard await reads.runner.waitUntilApplied(position, timeout: reads.readYourWritesTimeout) else { return nil }
        return try await reads.store.read { db in try HistoryQueries.keypadInputs(sessionID: sessionID, in: db) }
    }
}
