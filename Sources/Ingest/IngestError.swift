public import CIM
public import EventLog

/// Why the write path refused a request before anything was written. (An invalid single
/// message is a ``CIMError``; a failed append is an ``EventLogError``.)
public enum IngestError: Error, Sendable {
    /// Messages of a batch are invalid, each with its zero-based index in the batch and
    /// every rule it breaks; nothing of the batch was written.
    case batchRefused([(index: Int, error: CIMError)])
    /// What the message must be built from has not reached the read models yet: they have
    /// not applied the log up to `position` within the allowed wait. Nothing was written;
    /// the same request succeeds once they catch up.
    case readModelsBehind(LogPosition)
}
