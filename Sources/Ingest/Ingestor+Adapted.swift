public import CIM
import EventLog

extension Ingestor {
    /// Validates and appends the messages an adapter made from webhooks, in one call. An id
    /// already stored with other content is the same state of the same call delivered
    /// again (the adapters leave running durations out of the id), so it answers as a
    /// duplicate at the stored position instead of a conflict.
    ///
    /// - Throws: ``CIMError`` when an adapted message breaks a CIM rule (nothing is
    ///   written), or ``EventLogError`` when the append itself fails.
    public func ingest(adapted messages: [AdaptedMessage]) async throws -> [IngestReceipt] {
        let receivedAt = Timestamp.now
        let prepared = try messages.map { message throws(CIMError) in
            try preparer.prepare(message.bytes, origin: .cimMessage, receivedAt: receivedAt)
        }
        return try await zip(prepared, append(prepared)).map { message, outcome in
            if case .failure(let error) = outcome, error.code == .idConflict, let position = error.position {
                return IngestReceipt(
                    messageID: message.activity.messageID, type: message.activity.type, result: AppendResult(position: position, duplicate: true))
            }
            return try outcome.get()
        }
    }
}
