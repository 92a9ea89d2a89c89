import ArgumentParser
import EventLog
import Foundation
import QueryAPI

/// `cxstore credentials`: the accounts that may use the HTTP API.
struct Credentials: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the credentials of the HTTP API (HTTP Basic: the account as username, its token as password).",
        discussion: """
            Credentials live in DIR/credentials.json, readable by its owner only; only a digest \
            of each token is stored. While no credential exists the API is open (loopback \
            development); once one exists, every route but /healthz requires one. A running \
            server picks up changes within a second.
            """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a credential and print its token (shown this once only).")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("The account name (the Basic username): 1 to 64 of A-Z a-z 0-9 . _ -", valueName: "name"))
        var account: String

        @Option(help: ArgumentHelp("What it may do, comma-separated: ingest, read, sql, admin.", valueName: "scopes"))
        var scopes: String

        @Option(help: ArgumentHelp("Requests per second this credential may make (default: serve's --rate-limit).", valueName: "n"))
        var rate: Double?

        @Option(help: ArgumentHelp("Requests it may make at once after a quiet spell (default: one second's worth).", valueName: "n"))
        var burst: Int?

        func run() throws {
            try FileManager.default.createDirectory(atPath: store.layout.dataDirectory, withIntermediateDirectories: true)
            let file = CredentialFile(path: store.layout.credentialsFile)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let (credential, token) = try file.add(
                account: account, scopes: CredentialFile.scopes(from: scopes), rateLimit: rate.map { RateLimit(requestsPerSecond: $0, burst: burst) },
                now: now)
            print("account: \(credential.account)")
            print("id:      \(credential.id)")
            print("scopes:  \(credential.scopes.map(\.rawValue).sorted().joined(separator: ","))")
            print("rate:    \(credential.rateLimit?.description ?? "the server's default")")
            print("token:   \(token)")
            print("Keep the token now: it is not stored and cannot be shown again.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the credentials (never their tokens).")

        @OptionGroup var store: StoreOptions

        func run() throws {
            try store.requireStoreOrCredentials()
            let credentials = try CredentialFile(path: store.layout.credentialsFile).load()
            guard !credentials.isEmpty else {
                print("no credentials: the HTTP API is open")
                return
            }
            for credential in credentials.sorted(by: { ($0.account, $0.createdAt) < ($1.account, $1.createdAt) }) {
                let created = Date(timeIntervalSince1970: Double(credential.createdAt) / 1000).formatted(.iso8601)
                let scopes = credential.scopes.map(\.rawValue).sorted().joined(separator: ",")
                let rate = credential.rateLimit?.description ?? "default rate"
                print("\(credential.account)\t\(credential.id)\t\(scopes)\t\(rate)\tcreated \(created)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke every credential of an account, or one credential by its id.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Revoke every credential of this account.", valueName: "name"))
        var account: String?

        @Option(help: ArgumentHelp("Revoke the credential with this id (see list).", valueName: "id"))
        var id: String?

        func validate() throws {
            guard (account == nil) != (id == nil) else { throw ValidationError("give either --account or --id") }
        }

        func run() throws {
            try store.requireStoreOrCredentials()
            let removed = try CredentialFile(path: store.layout.credentialsFile).revoke(account: account, id: id)
            for credential in removed { print("revoked \(credential.account) \(credential.id)") }
        }
    }
}
