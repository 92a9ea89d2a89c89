import Foundation
import QueryAPI
import StoreTesting
import Testing

@Suite struct CredentialFileTests {
    @Test func aTokenIsReturnedOnceAndOnlyItsDigestIsStoredOwnerReadable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = CredentialFile(path: directory.path + "/credentials.json")
        #expect(try file.load().isEmpty)

        let (credential, token) = try file.add(account: "ivr-1", scopes: [.ingest, .read], now: 1_700_000_000_000)
        #expect(token.hasPrefix("cxs_") && token.count == 68)
        let (_, other) = try file.add(account: "ivr-1", scopes: [.read], now: 1_700_000_000_001)
        #expect(other != token)

        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(!text.contains(token) && !text.contains(String(token.dropFirst(4))))
        #expect(try file.load().map(\.id).contains(credential.id))
        #expect(try file.load().first { $0.id == credential.id }?.scopes == [.ingest, .read])
        let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func revokeRemovesByAccountOrByIDAndSaysWhenNothingMatches() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = CredentialFile(path: directory.path + "/credentials.json")
        let first = try file.add(account: "desk", scopes: [.read], now: 1).credential
        _ = try file.add(account: "desk", scopes: [.read], now: 2)
        let keep = try file.add(account: "bi", scopes: [.sql], now: 3).credential

        #expect(try file.revoke(id: first.id) == [first])
        #expect(try file.revoke(account: "desk").count == 1)
        #expect(try file.load() == [keep])
        #expect(throws: CredentialsError(code: .notFound, message: "no credential has account \"desk\"")) { try file.revoke(account: "desk") }
    }

    @Test(arguments: ["", "has space", "ünï", String(repeating: "a", count: 65), "a:b"])
    func badAccountNamesAreRefused(account: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = CredentialFile(path: directory.path + "/credentials.json")
        #expect(throws: CredentialsError.self) { try file.add(account: account, scopes: [.read], now: 1) }
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func scopesAreParsedStrictly() throws {
        #expect(try CredentialFile.scopes(from: "ingest, read") == [.ingest, .read])
        #expect(throws: CredentialsError.self) { try CredentialFile.scopes(from: "ingest,write") }
        #expect(throws: CredentialsError.self) { try CredentialFile.scopes(from: " , ") }
    }
}
