/// When an acknowledged append is safe.
public enum Durability: Sendable, Hashable {
    /// Every batch is committed and synced to disk before any of its callers resume. An
    /// acknowledged event survives a process crash, a kernel panic and a power cut.
    case durable
    /// Batches are committed without a sync; the log is synced every `flushInterval`.
    /// An acknowledged event survives a process crash, but a kernel panic or power cut
    /// may lose the events acknowledged in the last interval (never tear one: LMDB's
    /// copy-on-write pages keep the file consistent).
    case relaxed(flushInterval: Duration)
}
