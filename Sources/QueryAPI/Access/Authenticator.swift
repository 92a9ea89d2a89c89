import Foundation

/// Checks HTTP Basic credentials (the account as username, the token as password) against a
/// store's ``CredentialFile``.
///
/// The file is read again when it changes (looked at no more than once a second), so
/// `cxstore credentials add` and `revoke` take effect on a running server. While the file
/// holds no credential the store is open; a file that cannot be read refuses everyone.
public final class Authenticator: Sendable {
    /// The outcome of checking one request's `Authorization` header.
    public enum Outcome: Sendable, Equatable {
        /// No credential exists: the store is open.
        case open
        /// A valid credential.
        case authenticated(Credential)
        /// Refused, and why (said to the client).
        case refused(String)
    }

    /// The credentials by account, or why the file cannot be read.
    private struct Loaded: Sendable {
        var byAccount: [String: [Credential]]
        var failure: String?
    }

    private let loaded: WatchedFile<Loaded>

    /// An authenticator over `file`, read now.
    init(file: CredentialFile) {
        loaded = WatchedFile(path: file.path) { path in
            do {
                return Loaded(byAccount: Dictionary(grouping: try CredentialFile(path: path).load(), by: \.account))
            } catch {
                return Loaded(byAccount: [:], failure: "the store's credentials cannot be read; ask its operator")
            }
        }
    }

    /// Checks what a request's `Authorization` header presents.
    func authenticate(_ authorization: PresentedAuthorization) -> Outcome {
        let credentials = loaded.current
        if let failure = credentials.failure { return .refused(failure) }
        if credentials.byAccount.isEmpty { return .open }
        let presented: PresentedCredential
        switch authorization {
        case .nothing: return .refused("this store requires credentials (HTTP Basic: the account and its token)")
        case .unreadable: return .refused("the Authorization header must be Basic with base64 of account:token")
        case .basic(let credential): presented = credential
        }
        let match = credentials.byAccount[presented.account]?.first { Self.constantTimeEqual(Array($0.tokenSHA256.utf8), presented.digest) }
        guard let match else { return .refused("unknown account or wrong token") }
        return .authenticated(match)
    }

    /// Compares two digests in time that depends on their length only.
    private static func constantTimeEqual(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        guard first.count == second.count else { return false }
        var difference: UInt8 = 0
        for index in first.indices { difference |= first[index] ^ second[index] }
        return difference == 0
    }
}

/// What a request's `Authorization` header presents.
enum PresentedAuthorization: Sendable {
    /// No header.
    case nothing
    /// A header that is not HTTP Basic with base64 of `account:token`.
    case unreadable
    /// A Basic credential.
    case basic(PresentedCredential)

    /// What `header` (the header's value, if any) presents.
    init(_ header: String?) {
        guard let header else {
            self = .nothing
            return
        }
        self = PresentedCredential(authorization: header).map(Self.basic) ?? .unreadable
    }
}

/// The account and token digest of an `Authorization: Basic` header, computed once however
/// many tenants' credentials it is checked against.
struct PresentedCredential: Sendable {
    let account: String
    /// The digest of the token, as ``CredentialFile`` stores it.
    let digest: [UInt8]

    /// The credential of a Basic `Authorization` header; `nil` when it is not one.
    init?(authorization header: String) {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        account = String(text[..<colon])
        digest = Array(CredentialFile.digest(of: text[text.index(after: colon)...]).utf8)
    }
}
