/// One credential: an account name (the Basic username) and the SHA-256 digest of its token
/// (the password). The token itself is never stored.
public struct Credential: Sendable, Hashable, Codable {
    /// A short random id, to revoke one credential of an account that has several.
    public let id: String
    /// The account: the username of HTTP Basic authentication.
    public let account: String
    /// The lowercase hex SHA-256 of the token.
    public let tokenSHA256: String
    /// What the credential may do.
    public let scopes: Set<Scope>
    /// When it was created, in epoch milliseconds.
    public let createdAt: Int64
    /// Its own rate limit; `nil` takes the server's default.
    public let rateLimit: RateLimit?
}
