import ArgumentParser
import Foundation
import GRDB
import Projections

/// `cxstore sql`: read-only SQL over the read models for analysts.
struct SQL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run a read-only SQL query over the read models (schema: docs/schema.md).",
        discussion: """
            Read-only by construction: writes, schema changes, ATTACH, transactions and \
            PRAGMA changes are refused with a clear message. Bounded in time and rows. The \
            same file can be opened with sqlite3 or a BI tool at DIR/projections.sqlite.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @OptionGroup var store: StoreOptions

    @Argument(help: "The query, e.g. \"SELECT type, count(*) FROM activities GROUP BY type\".")
    var query: String

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(help: "Rows returned at most.")
    var maxRows: Int = 10_000

    @Option(help: "Seconds the query may run.")
    var timeout: Int = 10

    func run() async throws {
        try store.requireReadModels()
        let runner = SQLRunner(layout: store.layout, limits: .init(maximumRows: maxRows, timeout: .seconds(timeout)))
        var writer = ResultWriter(format: format)
        let summary: SQLRunner.Summary
        do {
            summary = try runner.run(query, columns: { writer.columns($0) }, row: { writer.row($0) })
        } catch let error as ProjectionsError {
            StandardError.write("error: \(error.message)\n")
            throw ExitCode(2)
        }
        writer.finish()
        if summary.truncated {
            StandardError.write("note: stopped after \(summary.rows.formatted) rows (--max-rows)\n")
        }
    }
}

/// Writes a result as an aligned table, CSV (RFC 4180) or a JSON array of objects.
struct ResultWriter {
    let format: SQL.Format
    private var names: [String] = []
    private var buffered: [[String]] = []
    private var rowCount = 0

    init(format: SQL.Format) {
        self.format = format
    }

    mutating func columns(_ names: [String]) {
        self.names = names
        if format == .csv { print(names.map(SQLCell.csvField).joined(separator: ",")) }
        if format == .json { print("[", terminator: "") }
    }

    mutating func row(_ values: [DatabaseValue]) {
        switch format {
        case .table:
            buffered.append(values.map(SQLCell.text))
        case .csv:
            print(SQLCell.csvRow(values))
        case .json:
            print((rowCount == 0 ? "\n  " : ",\n  ") + SQLCell.jsonObject(names: names, values: values), terminator: "")
        }
        rowCount += 1
    }

    mutating func finish() {
        switch format {
        case .table:
            let widths = names.indices.map { column in ([names[column]] + buffered.map { $0[column] }).map(\.count).max() ?? 0 }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ")
            }
            print(line(names))
            print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-"))
            for row in buffered { print(line(row)) }
            print("(\(rowCount) row\(rowCount == 1 ? "" : "s"))")
        case .csv:
            break
        case .json:
            print(rowCount == 0 ? "]" : "\n]")
        }
    }
}
