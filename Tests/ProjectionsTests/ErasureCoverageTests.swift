import Foundation
import GRDB
import Projections
import StoreTesting
import Testing

/// Erasure reaches every table of the read models: each table is owned by exactly one
/// projection, whose `erase` deletes its rows, and after an erasure no row of any table
/// names the customer. A table added to the schema without an owner, or one the fixture
/// below does not fill, fails here instead of keeping personal data through an erasure.
@Suite struct ErasureCoverageTests {
    /// Tables that hold no customer data: the projections' checkpoints and GRDB's ledger of
    /// the migrations it ran.
    private static let withoutCustomerData: Set<String> = ["projection_state", "grdb_migrations"]
    /// The audit of erasures: it keeps the erased customer's id by design, and nothing else of
    /// theirs (`ErasureProjection.erase`).
    private static let audit = "erasures"

    private let phone = "+41795550101"
    /// In every id and name of the customer, so that a row mentioning them is found by text.
    private let tag = "zq9"

    @Test func everyTableOfTheSchemaIsOwnedByOneProjection() async throws {
        try await withHistory { history in
            let tables = try await history.server.runner.store.read { db in try Self.tables(in: db) }
            let owners = StoreProjections.all.flatMap { projection in projection.tables.map { ($0, projection.name) } }
            let owned = Dictionary(grouping: owners, by: \.0)
            #expect(owned.filter { $0.value.count > 1 }.isEmpty, "tables owned twice: \(owned.filter { $0.value.count > 1 })")
            let unowned = Set(tables.map(\.name)).subtracting(owned.keys).subtracting(Self.withoutCustomerData)
            #expect(unowned.isEmpty, "tables no projection owns, so no erasure looks at them: \(unowned.sorted())")
            let missing = Set(owned.keys).subtracting(tables.map(\.name))
            #expect(missing.isEmpty, "tables a projection owns that the schema lacks: \(missing.sorted())")
        }
    }

    @Test func anErasureLeavesNoRowNamingTheCustomerInAnyTable() async throws {
        try await withHistory { history in
            let customer = MessageBuilder().with {
                $0.identifier = phone
                $0.customerID = "cust-\(tag)"
                $0.customerNames = ("\(tag)first", "\(tag)last")
                $0.conversationID = "conv-\(tag)"
                $0.sessionID = "session-\(tag)"
                $0.senderType = "CUSTOMER"
                $0.senderID = phone
            }
            var positions: Set<Int64> = []
            func post(_ message: String) async throws {
                try await history.post(message)
                positions.insert(Int64(history.lastPosition))
            }
            try await post(customer.plain(id: "\(tag)-m1", text: "my parcel \(tag) never arrived"))
            try await post(
                customer.with {
                    $0.senderType = "AGENT"; $0.senderID = "agent-1"
                }.message(
                    id: "\(tag)-d1", body: #""type": "DELIVERYNOTIFICATION", "messageId": "\#(tag)-m1", "status": "READ""#))
            try await post(
                customer.with {
                    $0.senderType = "IVR"; $0.senderID = "ivr"; $0.intent = "IVR_AGGREGATED_ACTIVITY"
                }.message(
                    id: "\(tag)-ivr",
                    body: #"""
                        "type": "IVR_AGGREGATED_ACTIVITY", "callId": "call-\#(tag)", "startDirection": "INBOUND", "endDirection": "TRANSFER",
                        "startTime": 1700000000000, "endTime": 1700000060000, "activities": [{"menu": "Main", "selection": "1"}]
                        """#))
            try await post(
                customer.with {
                    $0.senderType = "CONNECTOR"; $0.senderID = "voice"
                }.message(
                    id: "\(tag)-call", body: #""type": "VOICE", "markdownText": "Call leg ended", "callId": "call-\#(tag)", "leg": "B""#))
            try await history.post(
                MessageBuilder().with {
                    $0.identifier = "+41795550202"; $0.customerID = "cust-other"
                }.plain(id: "other-m1", text: "hello"))

            let before = try await rowsNamingTheCustomer(history, positions: positions)
            let tables = try await history.server.runner.store.read { db in try Self.tables(in: db) }
            for table in tables.map(\.name) where !Self.withoutCustomerData.contains(table) && table != Self.audit {
                #expect(
                    before[table, default: 0] > 0, "the fixture writes no row of the customer into \(table): extend it so erasure is tested there")
            }

            let erased = try await history.client.send("DELETE", "/v1/customers/cust-\(tag)")
            try #require(erased.status == 200, "\(erased.text)")
            let position = try #require(erased.json["position"] as? Int)
            let bystander = try await history.client.get("/v1/customers/cust-other/activities?minPosition=\(position)")
            #expect(bystander.status == 200 && bystander.json.ids == ["other-m1"], "\(bystander.text)")

            let after = try await rowsNamingTheCustomer(history, positions: positions)
            for table in tables.map(\.name) where !Self.withoutCustomerData.contains(table) && table != Self.audit {
                #expect(after[table, default: 0] == 0, "\(after[table] ?? 0) rows of \(table) still name the erased customer")
            }
            #expect(after[Self.audit] == 1, "the audit holds one row for the erasure")
        }
    }

    /// Every table of the read models but SQLite's own and the storage of the FTS5 tables.
    private static func tables(in db: Database) throws -> [(name: String, isVirtual: Bool)] {
        let all = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        let virtual = all.filter { ($0["sql"] as String? ?? "").hasPrefix("CREATE VIRTUAL TABLE") }.map { $0["name"] as String }
        return all.map { $0["name"] as String }
            .filter { name in !virtual.contains { name.hasPrefix($0 + "_") } }
            .map { name in (name, virtual.contains(name)) }
    }

    /// For each table, how many rows name the customer: a text holding the tag or the phone
    /// number (in any case), or a column of positions (an FTS5 table's rowid is the position of
    /// its activity or of its customer's first event) holding one of the customer's events.
    private func rowsNamingTheCustomer(_ history: HistoryFixture, positions: Set<Int64>) async throws -> [String: Int] {
        let markers = [tag, phone, String(phone.dropFirst())]
        return try await history.server.runner.store.read { db in
            var counts: [String: Int] = [:]
            for table in try Self.tables(in: db) {
                let rows = try Row.fetchAll(db, sql: "SELECT \(table.isVirtual ? "rowid AS position, " : "")* FROM \(table.name)")
                counts[table.name] =
                    rows.filter { row in
                        row.columnNames.contains { column in
                            let value = row[column] as DatabaseValue
                            if let text = String.fromDatabaseValue(value)?.lowercased(), markers.contains(where: text.contains) { return true }
                            if column.hasSuffix("position"), let number = Int64.fromDatabaseValue(value) { return positions.contains(number) }
                            return false
                        }
                    }.count
            }
            return counts
        }
    }
}
