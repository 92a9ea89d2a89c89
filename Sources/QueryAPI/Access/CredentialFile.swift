import Crypto
import Foundation

/// A store's credentials: a JSON file in its data directory, readable by its owner only,
/// holding each credential's account, scopes and the SHA-256 digest of its token.
///
/// Tokens are 256 random bits. A token is returned once, by ``add(account:scopes:)``, and
/// never written anywhere.
public struct CredentialFile: Sendable {
    /// The file's path.
    public let path: String

    /// The credentials file at `path` (which need not exist yet).
    public init(path: String) {
        self.path = path
    }

    /// The longest account name accepted.
    public static let maximumAccountLength = 64

    private struct Contents: Codable {
        var version = 1
        var credentials: [Credential]
    }

    /// The credentials in the file; none when it does not exist.
    public func load() throws(CredentialsError) -> [Credential] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            let contents = try JSONDecoder().decode(Contents.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            guard contents.version == 1 else {
                throw CredentialsError(code: .unreadableFile, message: "\(path) has format version \(contents.version); this version reads 1")
            }
            return contents.credentials
        } catch let error as CredentialsError {
            throw error
        } catch {
            throw CredentialsError(code: .unreadableFile, message: "cannot read \(path): \(error)")
        }
    }

    /// Adds a credential and returns it with its token, the only time the token is known.
    public func add(
        account: String, scopes: Set<Scope>, rateLimit: RateLimit? = nil, now: Int64
    ) throws(CredentialsError) -> (credential: Credential, token: String) {
        try Self.checkAccount(account)
        guard !scopes.isEmpty else { throw CredentialsError(code: .invalidScopes, message: "give at least one scope") }
        if let rateLimit, !(rateLimit.requestsPerSecond > 0 && rateLimit.requestsPerSecond.isFinite && rateLimit.burst >= 1) {
            throw CredentialsError(code: .invalidRateLimit, message: "the rate must be above 0 requests per second and the burst at least 1")
        }
        let token = "cxs_" + Self.randomHex(bytes: 32)
        let credential = Credential(
            id: Self.randomHex(bytes: 4), account: account, tokenSHA256: Self.digest(of: token), scopes: scopes, createdAt: now,
            rateLimit: rateLimit)
        try save(try load() + [credential])
        return (credential, token)
    }

    /// Removes every credential of `account`, or the one whose id is `id`, and returns them.
    public func revoke(account: String? = nil, id: String? = nil) throws(CredentialsError) -> [Credential] {
        let credentials = try load()
        let removed = credentials.filter { $0.account == account || $0.id == id }
        guard !removed.isEmpty else {
            let what = [account.map { "account \"\($0)\"" }, id.map { "id \"\($0)\"" }].compactMap { $0 }.joined(separator: " or ")
            throw CredentialsError(code: .notFound, message: "no credential has \(what.isEmpty ? "the given account or id" : what)")
        }
        try save(credentials.filter { !removed.contains($0) })
        return removed
    }

    /// The scopes named in `text` (`ingest,read`).
    public static func scopes(from text: String) throws(CredentialsError) -> Set<Scope> {
        var scopes: Set<Scope> = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let scope = Scope(rawValue: name) else {
                let known = Scope.allCases.map(\.rawValue).joined(separator: ", ")
                throw CredentialsError(code: .invalidScopes, message: "unknown scope \"\(name)\"; the scopes are \(known)")
            }
            scopes.insert(scope)
        }
        guard !scopes.isEmpty else { throw CredentialsError(code: .invalidScopes, message: "give at least one scope") }
        return scopes
    }

    /// The lowercase hex SHA-256 of `token`.
    static func digest(of token: some StringProtocol) -> String {
        hex(SHA256.hash(data: Array(token.utf8)))
    }

    private static func checkAccount(_ account: String) throws(CredentialsError) {
        let allowed = account.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
        guard !account.isEmpty, account.utf8.count <= maximumAccountLength, allowed else {
            throw CredentialsError(
                code: .invalidAccount,
                message: "an account name is 1 to \(maximumAccountLength) characters of A-Z a-z 0-9 . _ - (found \"\(account)\")")
        }
    }

    /// Writes the credentials to a temporary file readable by its owner only, syncs it and
    /// renames it over the file, so a reader sees the old list or the new one, never a part.
    private func save(_ credentials: [Credential]) throws(CredentialsError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try OwnerOnlyFile.write(try encoder.encode(Contents(credentials: credentials)), to: path)
        } catch let error as OwnerOnlyFileError {
            throw CredentialsError(code: .writeFailed, message: error.message)
        } catch {
            throw CredentialsError(code: .writeFailed, message: "cannot write \(path): \(error)")
        }
    }

    private static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
