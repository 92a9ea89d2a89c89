/// A `CONTACT` body: one or more shared contact cards.
public struct ContactContent: Sendable, Hashable {
    /// One contact card.
    public struct Contact: Sendable, Hashable {
        /// `name.formattedName` (required).
        public var formattedName: String
        /// `phones[].phone`.
        public var phones: [String]

        /// Creates a contact.
        public init(formattedName: String, phones: [String] = []) {
            self.formattedName = formattedName
            self.phones = phones
        }
    }

    /// `contacts` (required, at least one).
    public var contacts: [Contact]

    /// Creates contact content.
    public init(contacts: [Contact]) { self.contacts = contacts }
}
