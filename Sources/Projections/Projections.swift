// Projections: the SQLite read models built from the event log.
//
// This module will own the SQLite schema and its migrations, the checkpointed projector
// that tails the log (each batch committed with its checkpoint), the read-model queries
// of the history API, rebuild/replay, and the read-only SQL runner. It depends on `CIM` and
// `EventLog` and knows nothing of HTTP. Issue 3 builds it; until then the store is the log.
