import ArgumentParser
import EventLog
import Foundation
import QueryAPI

/// `cxstore webhooks`: the secrets a tenant's signing platforms sign their webhooks with.
struct Webhooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set, list and remove the secrets Chatwoot and Twilio sign a tenant's webhooks with.",
        discussion: """
            With a platform's secret set (Twilio: the account's auth token; Chatwoot: the \
            webhook's secret), every delivery to /webhooks/twilio or /webhooks/chatwoot must \
            carry a valid signature, which is then its only credential; a wrong or missing one \
            is 401 and nothing is stored. Without one, deliveries are taken under the tenant's \
            credentials (the ingest scope), and /healthz lists the platform under \
            webhooks.unsigned. A running serve applies a change within a second. Amazon \
            Connect and Genesys Cloud deliver through EventBridge API destinations, which \
            send the store's own credentials (docs/webhooks.md).
            """,
        subcommands: [SetSecret.self, List.self, RemoveSecret.self]
    )

    /// The platform a subcommand is about.
    struct PlatformArgument: ParsableArguments {
        @Argument(help: ArgumentHelp("chatwoot or twilio.", valueName: "platform"))
        var platform: String

        var signingPlatform: SigningPlatform { SigningPlatform(rawValue: platform) ?? .chatwoot }

        func validate() throws {
            guard SigningPlatform(rawValue: platform) != nil else {
                throw ValidationError("the platform must be one of \(SigningPlatform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    struct SetSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-secret", abstract: "Set a platform's secret, read from standard input (so that it stays out of the process list).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var platform: PlatformArgument

        func run() throws {
            let secret = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
            guard !secret.isEmpty else { throw ValidationError("give the secret on standard input: echo \"$TOKEN\" | cxstore webhooks set-secret …") }
            var secrets = try WebhookSecrets.load(store.layout)
            secrets.secrets[platform.signingPlatform] = secret
            try secrets.save(store.layout)
            print("tenant \(store.layout.tenant): \(platform.signingPlatform.rawValue) deliveries must now be signed")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List which platforms sign the tenant's webhooks (never the secrets).")

        @OptionGroup var store: StoreOptions

        func run() throws {
            let secrets = try WebhookSecrets.load(store.layout)
            for platform in SigningPlatform.allCases {
                print("\(platform.rawValue)\t\(secrets.secrets[platform] == nil ? "unsigned (taken under the tenant's credentials)" : "signed")")
            }
        }
    }

    struct RemoveSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-secret", abstract: "Remove a platform's secret: its deliveries are then taken under the tenant's credentials.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var platform: PlatformArgument

        func run() throws {
            var secrets = try WebhookSecrets.load(store.layout)
            secrets.secrets[platform.signingPlatform] = nil
            try secrets.save(store.layout)
            print("tenant \(store.layout.tenant): \(platform.signingPlatform.rawValue) deliveries are taken unsigned")
        }
    }
}
