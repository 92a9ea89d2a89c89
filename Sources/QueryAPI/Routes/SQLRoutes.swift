import CIM
import EventLog
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import NIOCore
import Projections

/// `POST /v1/sql`: the read-only runner of `cxstore sql` over HTTP, for the `sql` scope.
///
/// The body is `{"sql": "SELECT …", "maxRows": N}` (`maxRows` optional, at most the
/// server's limit) or the query itself as `text/plain` or `application/sql`. The answer
/// streams as NDJSON, one object per row (`application/x-ndjson`, the default), or as CSV
/// with a header line (`Accept: text/csv` or `?format=csv`). A refused query is a 400, one
/// out of time a 422, when that happens before the first 32 KiB of output. The trailers `CX-Rows` and `CX-Truncated` say how many
/// rows were sent and whether the row limit cut the result; a query that runs out of time
/// after rows were sent ends the response without its final chunk, so a client never
/// mistakes a cut result for a whole one.
struct SQLRoutes: Sendable {
    typealias Context = StoreRequestContext

    let layout: StoreLayout
    let limits: SQLRunner.Limits
    let gate: QueryGate

    /// The largest query body.
    static var maximumBodySize: Int { 64 * 1024 }

    enum Format {
        case ndjson, csv
    }

    /// What the query thread hands to the response: bytes to send, then how it ended.
    enum Chunk: Sendable {
        case bytes(ByteBuffer)
        case end(SQLRunner.Summary)
    }

    func register(on router: ScopedRouter) {
        router.post("/v1/sql", .scope(.sql)) { request, context in
            try await query(request)
        }
    }

    private func query(_ request: Request) async throws -> Response {
        let format = try Self.format(of: request)
        let (sql, requestedRows) = try Self.query(
            from: try await request.body.collect(upTo: Self.maximumBodySize), contentType: request.headers[.contentType])
        let rows = min(requestedRows ?? limits.maximumRows, limits.maximumRows)
        guard gate.enter() else {
            throw Problem(
                status: .serviceUnavailable, title: "Too many queries",
                detail: "\(gate.capacity) queries are already running; retry in a moment.", headers: [.retryAfter: "1"])
        }
        let chunks = start(sql, format: format, limits: SQLRunner.Limits(maximumRows: rows, timeout: limits.timeout))
        var iterator = chunks.makeAsyncIterator()
        guard let first = try await iterator.next() else { throw ErrorMapping.internalError }
        let contentType = format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
        return Response(
            status: .ok,
            headers: [.contentType: contentType, .trailer: "CX-Rows, CX-Truncated"],
            body: ResponseBody { writer in
                var iterator = chunks.makeAsyncIterator()
                var next: Chunk? = first
                while let chunk = next {
                    switch chunk {
                    case .bytes(let buffer):
                        try await writer.write(buffer)
                    case .end(let summary):
                        try await writer.finish([.rowCount: String(summary.rows), .truncated: String(summary.truncated)])
                        return
                    }
                    next = try await iterator.next()
                }
            }
        )
    }

    /// Runs the query on a thread of its own (it blocks while SQLite works; on a shared
    /// dispatch queue it would hold a thread the read models' GRDB queues need) and streams its
    /// output in chunks of about 32 KiB. Nothing is sent before the first chunk is full or
    /// the query ends, so a query refused, failing or out of time in that span is a
    /// problem response, not a cut stream.
    private func start(_ sql: String, format: Format, limits: SQLRunner.Limits) -> AsyncThrowingStream<Chunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Chunk.self)
        let runner = SQLRunner(layout: layout, limits: limits)
        let gate = gate
        let thread = Thread {
            defer { gate.leave() }
            var output = ByteBuffer()
            var names: [String] = []
            do {
                let summary = try runner.run(
                    sql,
                    columns: { columns in
                        names = columns
                        if format == .csv { output.writeString(columns.map(SQLCell.csvField).joined(separator: ",") + "\r\n") }
                    },
                    row: { values in
                        switch format {
                        case .csv: output.writeString(SQLCell.csvRow(values) + "\r\n")
                        case .ndjson: output.writeString(SQLCell.jsonObject(names: names, values: values) + "\n")
                        }
                        if output.readableBytes >= 32 * 1024 {
                            continuation.yield(.bytes(output))
                            output.clear()
                        }
                    })
                if output.readableBytes > 0 { continuation.yield(.bytes(output)) }
                continuation.yield(.end(summary))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "cxstore-sql"
        thread.start()
        return stream
    }

    private static func format(of request: Request) throws(Problem) -> Format {
        if let named = request.uri.queryParameters["format"] {
            switch named {
            case "csv": return .csv
            case "ndjson": return .ndjson
            default:
                throw Problem(
                    status: .badRequest, title: "Invalid parameter", detail: "format must be csv or ndjson.",
                    errors: [Problem.FieldError(field: "format", message: "must be csv or ndjson, found \"\(named)\"")])
            }
        }
        return request.headers[.accept]?.lowercased().contains("text/csv") == true ? .csv : .ndjson
    }

    /// The query and the rows asked for, from a JSON body or a plain-text one.
    private static func query(from body: ByteBuffer, contentType: String?) throws(Problem) -> (String, Int?) {
        let bytes = body.readableBytesView
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("text/plain") || type.hasPrefix("application/sql") {
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
        try ContentTypeCheck.requireJSON(contentType)
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw Problem(
                status: .badRequest, title: "Malformed JSON", detail: error.description,
                errors: [Problem.FieldError(field: "", message: error.description)])
        }
        guard case .string(let sql)? = document["sql"] else {
            throw Problem(
                status: .badRequest, title: "Invalid query request", detail: "The body needs the query as a string in \"sql\".",
                errors: [Problem.FieldError(field: "sql", message: "is required and must be a string")])
        }
        switch document["maxRows"] {
        case nil, .null?:
            return (sql, nil)
        case .number(let number)? where (number.integer ?? 0) >= 1:
            return (sql, Int(number.integer ?? 1))
        default:
            throw Problem(
                status: .badRequest, title: "Invalid query request", detail: "maxRows must be a positive integer.",
                errors: [Problem.FieldError(field: "maxRows", message: "must be a positive integer")])
        }
    }
}
