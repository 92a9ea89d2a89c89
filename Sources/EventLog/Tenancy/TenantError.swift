/// Why a tenant could not be added, found or removed.
public struct TenantError: Error, Sendable, CustomStringConvertible {
    /// The family of the failure; the API maps these to status codes.
    public enum Code: String, Sendable {
        /// The name is not a DNS label.
        case invalidName
        /// No tenant of that name exists in the store.
        case unknownTenant
        /// A tenant of that name exists already.
        case tenantExists
        /// The default tenant is the store's directory itself and cannot be removed.
        case defaultTenant
        /// A limit is not a positive number.
        case invalidLimits
        /// A file of the tenant could not be created, read or removed.
        case fileSystem
    }

    /// The family of the failure.
    public let code: Code
    /// A sentence for the operator or the client.
    public let message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
