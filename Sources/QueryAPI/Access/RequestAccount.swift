/// The account of the credential a request was authenticated with, for the routes that
/// record who asked (erasures).
enum RequestAccount {
    /// The account, or `nil` while the store is open (no credentials).
    @TaskLocal static var current: String?

    /// How an erasure names who asked.
    static var requester: String { current ?? "open store (no credentials)" }
}
