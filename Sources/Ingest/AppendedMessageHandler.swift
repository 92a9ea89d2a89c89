public import CIM
public import EventLog

/// Called by the write path with every CIM message it has just appended (not a duplicate)
/// and its position, on the caller's task, after the append is durable. The wiring supplies
/// it: `serve` hands the decoded message to the projections so that they need not parse the
/// same bytes again. It must return quickly and must not fail.
///
/// Third-party activities are not passed: they decode differently from the log.
public typealias AppendedMessageHandler = @Sendable (_ message: CIMMessage, _ position: LogPosition) -> Void
