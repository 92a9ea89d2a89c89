public import GRDB

/// One read model kept from the log, for its whole life: the tables it writes, how it
/// applies events to them, and how it forgets an erased customer in them.
///
/// A projection applies batches of events inside the runner's write transaction, which also
/// stores its checkpoint, so a batch and its checkpoint are committed together or not at all.
public protocol Projection: Sendable {
    /// The name of its checkpoint row in `projection_state`.
    var name: String { get }
    /// Bumped whenever the projection's output for the same log changes; a file written by
    /// another version is rebuilt.
    var version: Int { get }
    /// Every table it writes; no other projection writes them. A table of the schema that no
    /// projection owns fails `ErasureCoverageTests`, so personal data cannot escape erasure
    /// by being written where no ``erase(_:in:)`` looks.
    var tables: [String] { get }
    /// Applies `events` (in position order, all after this projection's checkpoint).
    func apply(_ events: [ProjectedEvent], in db: Database) throws
    /// Deletes from its tables every row made from the erased records or naming an erased
    /// customer, in the erasure's transaction.
    func erase(_ erased: ErasedRows, in db: Database) throws
}

/// The projections of a store, in the order they are applied (the IVR and call
/// projections refer to the activity rows the timeline projection wrote for the same event;
/// erasures delete what the others wrote before them).
public enum StoreProjections {
    /// Every projection, in application order.
    public static let all: [any Projection] = {
        let readModels: [any Projection] = [TimelineProjection(), IVRProjection(), CallProjection()]
        return readModels + [ErasureProjection(erasing: readModels)]
    }()
}
