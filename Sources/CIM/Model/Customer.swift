/// `header.customer`: the customer profile, when the sender knows it.
public struct Customer: Sendable, Hashable {
    /// The profile id, from `_id` (the store's own spelling) or `id`.
    public var id: CustomerID?
    /// `firstName`.
    public var firstName: String?
    /// `lastName`.
    public var lastName: String?
    /// `isAnonymous`.
    public var isAnonymous: Bool?
    /// `additionalDetail`, kept as sent.
    public var additionalDetail: JSONValue?

    /// Creates a customer.
    public init(
        id: CustomerID? = nil, firstName: String? = nil, lastName: String? = nil, isAnonymous: Bool? = nil, additionalDetail: JSONValue? = nil
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.isAnonymous = isAnonymous
        self.additionalDetail = additionalDetail
    }
}
