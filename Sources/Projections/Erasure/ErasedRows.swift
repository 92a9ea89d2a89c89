/// What an erasure removes, as subqueries a projection's deletes select from: temporary
/// tables the erasure projection fills in the erasure's own transaction.
public struct ErasedRows: Sendable {
    /// `SELECT position FROM …`: the log positions of the erased records.
    public let positions = "SELECT position FROM temp.erased_positions"
    /// `SELECT customer_id FROM …`: the erased customers' ids (a profile and the derived
    /// customers merged into it).
    public let customers = "SELECT customer_id FROM temp.erased_customers"
}
