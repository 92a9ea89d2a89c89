public import CIM
public import EventLog

/// A logged event with its message decoded again, as the projections see it.
public struct ProjectedEvent: Sendable {
    /// The event as stored.
    public let recorded: RecordedEvent
    /// The message; `nil` only if the stored bytes no longer pass validation (a record from
    /// a more lenient build), in which case projections keep what the envelope tells.
    public let message: CIMMessage?

    /// Decodes `recorded`'s message.
    public init(_ recorded: RecordedEvent, decoder: MessageDecoder) {
        self.recorded = recorded
        self.message = try? decoder.message(from: recorded.payload, origin: .cimMessage)
    }

    /// The message as JSON text.
    public var json: String { String(decoding: recorded.payload, as: UTF8.self) }
}
