public import EventLog
import Foundation

/// The erasure ledger, `DIR/erasure-ledger.jsonl`: one JSON line per erasure with the
/// customer ids and the redacted positions only. Keep a copy with the backups: restoring a
/// backup taken before an erasure applies the ledger, so the customer does not come back
/// (docs/erasure.md).
public struct ErasureLedger: Sendable {
    /// One erasure.
    public struct Entry: Sendable, Hashable, Codable {
        /// The erasure's id (the id of its event).
        public var erasureID: String
        /// The position of the erasure event in the log it was made in.
        public var position: UInt64
        /// The customer ids erased.
        public var customerIDs: [String]
        /// The redacted positions.
        public var positions: [UInt64]
        /// When (epoch ms).
        public var requestedAt: Int64
    }

    /// The ledger file.
    public let path: String

    /// The ledger of the store laid out as `layout`.
    public init(layout: StoreLayout) {
        self.path = layout.erasureLedgerFile
    }

    /// The ledger at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Every entry, oldest first (none when the file does not exist).
    ///
    /// - Throws: ``ProjectionsError`` `invalidArgument` for a line that is not an entry.
    public func entries() throws -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
            do {
                return try decoder.decode(Entry.self, from: Data(line))
            } catch {
                throw ProjectionsError(code: .invalidArgument, message: "\(path) line \(index + 1) is not a ledger entry", field: "ledger")
            }
        }
    }

    /// Appends `entry` and syncs the file.
    public func append(_ entry: Entry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw ProjectionsError(code: .storageFailure, message: "cannot create \(path)")
            }
        }
        guard let file = FileHandle(forWritingAtPath: path) else {
            throw ProjectionsError(code: .storageFailure, message: "cannot open \(path)")
        }
        defer { try? file.close() }
        try file.seekToEnd()
        try file.write(contentsOf: line)
        try file.synchronize()
    }
}
