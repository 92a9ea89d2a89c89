import EventLog
import Foundation
import GRDB
import Projections
import StoreTesting
import Testing

/// The example queries of `docs/schema.md`, run against the demo history.
@Suite struct SchemaDocTests {
    static func exampleQueries() throws -> [String] {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/schema.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        return text.components(separatedBy: "```sql\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    @Test func everyExampleQueryRunsOnTheDemoHistory() async throws {
        let queries = try Self.exampleQueries()
        #expect(queries.count == 6)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try await CommandRunner.run(["demo", "--data", directory.path, "--customers", "30"]).status == 0)
        #expect(try await CommandRunner.run(["rebuild", "--data", directory.path]).status == 0)
        let runner = SQLRunner(layout: StoreLayout(dataDirectory: directory.path))
        var results: [[[DatabaseValue]]] = []
        for query in queries {
            var rows: [[DatabaseValue]] = []
            _ = try runner.run(query, columns: { _ in }, row: { rows.append($0) })
            results.append(rows)
        }
        #expect(!results[0].isEmpty, "IVR containment")
        #expect(results[0].allSatisfy { row in (Double.fromDatabaseValue(row[2]) ?? -1) >= 0 && (Double.fromDatabaseValue(row[2]) ?? 101) <= 100 })
        #expect(!results[1].isEmpty, "conversations per channel per day")
        #expect(!results[3].isEmpty, "first response times")
        #expect(!results[4].isEmpty, "CCAI calls per menu")
        #expect(results[4].allSatisfy { row in (Int.fromDatabaseValue(row[1]) ?? 0) >= (Int.fromDatabaseValue(row[2]) ?? -1) })
        #expect(!results[5].isEmpty, "activities that mention a refund")
        #expect(results[5].allSatisfy { row in String.fromDatabaseValue(row[2])?.contains("[refund]") == true })
    }

    @Test func theDemoIsReproducibleAndIdempotent() async throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        defer {
            first.remove()
            second.remove()
        }
        let run = try await CommandRunner.run(["demo", "--data", first.path, "--customers", "10", "--seed", "7"])
        #expect(run.standardOutput.contains("appended, 0 already there"))
        let again = try await CommandRunner.run(["demo", "--data", first.path, "--customers", "10", "--seed", "7"])
        #expect(again.standardOutput.contains(": 0 appended"))
        _ = try await CommandRunner.run(["demo", "--data", second.path, "--customers", "10", "--seed", "7"])
        for path in [first.path, second.path] { _ = try await CommandRunner.run(["rebuild", "--data", path]) }
        #expect(try ReadModelDump.dump(path: first.path + "/projections.sqlite").count > 1000)
        let firstDump = try ReadModelDump.dump(path: first.path + "/projections.sqlite")
        let secondDump = try ReadModelDump.dump(path: second.path + "/projections.sqlite")
        #expect(
            firstDump.replacingOccurrences(of: "recorded_at:[0-9]+", with: "", options: .regularExpression)
                == secondDump.replacingOccurrences(of: "recorded_at:[0-9]+", with: "", options: .regularExpression))
    }
}
