import Foundation
import Projections
import StoreTesting
import Testing

@Suite struct SQLRunnerTests {
    private func withImportedStore(_ body: (String) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let lines = RebuildTests.history().map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
        let imported = try await CommandRunner.run(["import", "--data", directory.path, "-"], input: Array(lines.utf8))
        try #require(imported.status == 0, "\(imported.standardError)")
        try #require(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        try await body(directory.path)
    }

    @Test func selectsRunInEveryFormat() async throws {
        try await withImportedStore { data in
            let table = try await CommandRunner.run(["sql", "--data", data, "SELECT type, count(*) AS n FROM activities GROUP BY type ORDER BY type"])
            #expect(table.status == 0)
            #expect(table.standardOutput.contains("AGENT_MESSAGE           | 12"))
            #expect(table.standardOutput.contains("WRAPUP_APPLIED          | 6"))
            #expect(table.standardOutput.contains("(4 rows)"))
            let csv = try await CommandRunner.run(["sql", "--data", data, "--format", "csv", "SELECT 'a,b' AS x, NULL AS y, 1.5 AS z"])
            #expect(csv.standardOutput == "x,y,z\n\"a,b\",,1.5\n")
            let json = try await CommandRunner.run(["sql", "--data", data, "--format", "json", "SELECT 'say \"hi\"' AS text, 7 AS n"])
            #expect(json.standardOutput == "[\n  {\"text\":\"say \\\"hi\\\"\",\"n\":7}\n]\n")
            let pragma = try await CommandRunner.run(["sql", "--data", data, "PRAGMA table_info(customers)"])
            #expect(pragma.status == 0)
            #expect(pragma.standardOutput.contains("customer_id"))
        }
    }

    @Test(arguments: [
        "DELETE FROM activities", "UPDATE customers SET first_name = 'x'", "INSERT INTO customers (customer_id) VALUES ('x')",
        "DROP TABLE activities", "CREATE TABLE t (x)", "CREATE TEMP TABLE t (x)", "ATTACH '/etc/passwd' AS p", "PRAGMA query_only = 0",
        "PRAGMA journal_mode = DELETE", "SAVEPOINT s", "SELECT 1; DELETE FROM activities", "VACUUM",
        "UPDATE sqlite_master SET sql = ''", "PRAGMA writable_schema = 1",
    ])
    func everythingButReadingIsRefused(statement: String) async throws {
        try await withImportedStore { data in
            let before = try await CommandRunner.run(["sql", "--data", data, "--format", "csv", "SELECT count(*) FROM activities"]).standardOutput
            let refused = try await CommandRunner.run(["sql", "--data", data, statement])
            #expect(refused.status == 2, "\(statement)")
            #expect(refused.standardError.hasPrefix("error: "), "\(statement): \(refused.standardError)")
            let after = try await CommandRunner.run(["sql", "--data", data, "--format", "csv", "SELECT count(*) FROM activities"]).standardOutput
            #expect(before == after)
        }
    }

    @Test func queriesAreBoundedInTimeAndRows() async throws {
        try await withImportedStore { data in
            let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
            let slow = try await CommandRunner.run(["sql", "--data", data, "--timeout", "1", endless])
            #expect(slow.status == 2)
            #expect(slow.standardError.contains("ran longer than"))
            let many = try await CommandRunner.run([
                "sql", "--data", data, "--format", "csv", "--max-rows", "3", "SELECT position FROM activities ORDER BY position",
            ])
            #expect(many.standardOutput == "position\n1\n2\n4\n")
            #expect(many.standardError.contains("stopped after 3 rows"))
        }
    }
}
