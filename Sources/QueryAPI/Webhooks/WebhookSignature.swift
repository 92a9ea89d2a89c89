import Crypto
import Foundation

/// How the signing platforms sign a webhook, checked against the tenant's secret.
enum WebhookSignature {
    /// Chatwoot (4.12 and later, when the webhook has a secret): `X-Chatwoot-Signature:
    /// sha256=<hex>`, the HMAC-SHA256 with the secret of `X-Chatwoot-Timestamp` + `.` + the
    /// raw body.
    static func chatwootIsValid(secret: String, timestamp: String?, signature: String?, body: [UInt8]) -> Bool {
        guard let timestamp, let signature, signature.hasPrefix("sha256="),
            let expected = hexBytes(String(signature.dropFirst("sha256=".count)))
        else { return false }
        let key = SymmetricKey(data: Array(secret.utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: Array((timestamp + ".").utf8) + body, using: key)
    }

    /// Twilio Event Streams: `X-Twilio-Signature`, the base64 HMAC-SHA1 with the account's
    /// auth token of the URL as Twilio requested it, whose `bodySHA256` query parameter must
    /// be the hex SHA-256 of the raw body. `urls` are the forms the request's URL may have
    /// had (the scheme and the default port are not seen behind a proxy); one must match.
    static func twilioIsValid(authToken: String, urls: [String], signature: String?, body: [UInt8]) -> Bool {
        guard let signature, let expected = Data(base64Encoded: signature) else { return false }
        let key = SymmetricKey(data: Array(authToken.utf8))
        let bodyDigest = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        return urls.contains { url in
            guard let components = URLComponents(string: url),
                components.queryItems?.first(where: { $0.name == "bodySHA256" })?.value?.lowercased() == bodyDigest
            else { return false }
            return HMAC<Insecure.SHA1>.isValidAuthenticationCode(expected, authenticating: Array(url.utf8), using: key)
        }
    }

    /// The URLs a request for `pathAndQuery` at `authority` may have been signed with: https
    /// and http (or the scheme a proxy says in `X-Forwarded-Proto`), with and without the
    /// default port.
    static func candidateURLs(authority: String?, forwardedProto: String?, pathAndQuery: String) -> [String] {
        guard let authority, !authority.isEmpty else { return [] }
        let schemes = forwardedProto.map { [$0.lowercased()] } ?? ["https", "http"]
        var hosts = [authority]
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            hosts.append(String(authority[..<colon]))
        }
        return schemes.flatMap { scheme in
            (hosts + hosts.map { $0.contains(":") ? $0 : $0 + (scheme == "https" ? ":443" : ":80") }).map { "\(scheme)://\($0)\(pathAndQuery)" }
        }
    }

    private static func hexBytes(_ hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
