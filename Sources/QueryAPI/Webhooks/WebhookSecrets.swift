public import EventLog
import Foundation

/// The secrets a tenant's signing platforms sign their webhooks with (Twilio's auth token,
/// the secret of a Chatwoot webhook), kept in the tenant's `webhook-secrets.json` (owner-only)
/// and read again by a running `serve` when `cxstore webhooks` changes them. A platform with a
/// secret must sign every delivery (`401` otherwise); one without is taken unsigned, under the
/// tenant's credentials, and `/healthz` says so.
public struct WebhookSecrets: Sendable, Hashable, Codable {
    /// The secret of each platform that has one.
    public var secrets: [SigningPlatform: String]

    /// Secrets; none by default.
    public init(secrets: [SigningPlatform: String] = [:]) {
        self.secrets = secrets
    }

    /// The secrets of the tenant at `layout`; none when it has no file.
    ///
    /// - Throws: ``WebhookSecretsError`` when the file cannot be read.
    public static func load(_ layout: StoreLayout) throws(WebhookSecretsError) -> WebhookSecrets {
        guard FileManager.default.fileExists(atPath: layout.webhookSecretsFile) else { return WebhookSecrets() }
        do {
            let stored = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: layout.webhookSecretsFile)))
            var secrets: [SigningPlatform: String] = [:]
            for (name, secret) in stored {
                guard let platform = SigningPlatform(rawValue: name) else { continue }
                secrets[platform] = secret
            }
            return WebhookSecrets(secrets: secrets)
        } catch {
            throw WebhookSecretsError(message: "cannot read \(layout.webhookSecretsFile): \(error)")
        }
    }

    /// Writes the secrets of the tenant at `layout` (``OwnerOnlyFile``).
    ///
    /// - Throws: ``WebhookSecretsError`` when the file cannot be written.
    public func save(_ layout: StoreLayout) throws(WebhookSecretsError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let stored = Dictionary(uniqueKeysWithValues: secrets.map { ($0.key.rawValue, $0.value) })
        do {
            try OwnerOnlyFile.write(try encoder.encode(stored), to: layout.webhookSecretsFile)
        } catch let error as OwnerOnlyFileError {
            throw WebhookSecretsError(message: error.message)
        } catch {
            throw WebhookSecretsError(message: "cannot write \(layout.webhookSecretsFile): \(error)")
        }
    }

    /// The signing platforms that have no secret: their deliveries are taken unsigned.
    public var unsigned: [SigningPlatform] {
        SigningPlatform.allCases.filter { secrets[$0] == nil }
    }
}

/// A platform that signs its webhooks.
public enum SigningPlatform: String, Sendable, Hashable, Codable, CaseIterable {
    /// Chatwoot (`X-Chatwoot-Signature`, when the webhook has a secret).
    case chatwoot
    /// Twilio (`X-Twilio-Signature`, with the account's auth token).
    case twilio
}

/// The webhook secrets file could not be read or written.
public struct WebhookSecretsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, and with which file.
    public let message: String

    public var description: String { message }
}
