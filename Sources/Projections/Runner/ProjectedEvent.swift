public import CIM
public import EventLog

/// A logged event with its message decoded again and its summary line, as the projections
/// see it. Built outside the write transaction (see ``ProjectionApplier/prepare(_:)``), so
/// that decoding one batch overlaps with writing the previous one.
///
/// A class, so that handing a batch's events to each projection shares them: as a struct,
/// each copy retained every string and array of the message (copies and their releases were
/// ~9 % of the writer thread's samples in a rebuild).
public final class ProjectedEvent: Sendable {
    /// The event as stored.
    public let recorded: RecordedEvent
    /// The message; `nil` only if the stored bytes no longer pass validation (a record from
    /// a more lenient build), in which case projections keep what the envelope tells.
    public let message: CIMMessage?
    /// The one-line summary of the timeline.
    public let summary: String
    /// What the full-text index holds for it, made here so that the writer only inserts it.
    let searchDocument: SearchDocument

    /// Decodes `recorded`'s message, unless the ingest path handed it over already.
    public init(_ recorded: RecordedEvent, decoder: MessageDecoder, decoded: CIMMessage? = nil) {
        self.recorded = recorded
        if recorded.isRedacted || recorded.type == CustomerErasure.eventType || recorded.type == LogPromotion.eventType {
            self.message = nil
            self.summary = recorded.isRedacted ? "(erased)" : recorded.type == LogPromotion.eventType ? "(promotion)" : "(erasure)"
            self.searchDocument = SearchDocument()
            return
        }
        let message = decoded ?? (try? decoder.message(from: recorded.payload, origin: .cimMessage))
        self.message = message
        let summary = message.map { Summary.of($0, type: recorded.type) } ?? "(message could not be decoded)"
        self.summary = summary
        // A delivery notification updates a status, not the timeline: nothing to index.
        if case .deliveryNotification? = message?.body.content {
            self.searchDocument = SearchDocument()
        } else {
            self.searchDocument = SearchDocument(recorded, message: message, summary: summary)
        }
    }
}
