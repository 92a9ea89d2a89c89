import Foundation
import GRDBSQLite
import Synchronization

/// The "just use SQLite" baseline of `Benchmarks/compare`: `clients` threads, each with its
/// own connection, insert the demo's messages into one events table (WAL,
/// `synchronous=FULL`, a unique index on the message id), one transaction per message,
/// for `seconds` seconds. Prints the same `RESULT` line as `load/ingest.lua`.
///
///     SQLiteBaseline DATABASE MESSAGES.ndjson CLIENTS SECONDS
@main
struct SQLiteBaseline {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 5, let clients = Int(arguments[3]), let seconds = Double(arguments[4]), clients > 0 else {
            FileHandle.standardError.write(Data("usage: SQLiteBaseline DATABASE MESSAGES.ndjson CLIENTS SECONDS\n".utf8))
            exit(2)
        }
        let path = arguments[1]
        let messages = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n").compactMap { line -> Substring? in
            guard line.hasPrefix(#"{"id":""#), let end = line.dropFirst(7).firstIndex(of: "\"") else { return nil }
            return line[line.index(after: end)...]
        }
        let setup = try Connection(path: path)
        try setup.execute("PRAGMA journal_mode = WAL")
        try setup.execute(
            "CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL)")

        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let latencies = Mutex<[Double]>([])
        let errors = Atomic<Int>(0)
        let deadline = Date().addingTimeInterval(seconds)
        let started = Date()
        let finished = DispatchGroup()
        for client in 0..<clients {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                var mine: [Double] = []
                do {
                    let connection = try Connection(path: path)
                    let insert = try connection.prepare("INSERT INTO events (message_id, payload) VALUES (?1, json(?2))")
                    var index = client
                    while Date() < deadline {
                        let id = "sqlite-\(run)-\(client)-\(index)"
                        let body = #"{"id":""# + id + "\"" + messages[index % messages.count]
                        let start = DispatchTime.now().uptimeNanoseconds
                        do {
                            try connection.execute("BEGIN IMMEDIATE")
                            try insert.run(id: id, payload: body)
                            try connection.execute("COMMIT")
                            mine.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                        } catch {
                            try? connection.execute("ROLLBACK")
                            if errors.add(1, ordering: .relaxed).newValue <= 3 {
                                FileHandle.standardError.write(Data("client \(client): \(error)\n".utf8))
                            }
                        }
                        index += clients
                    }
                } catch {
                    FileHandle.standardError.write(Data("client \(client): \(error)\n".utf8))
                    errors.add(1, ordering: .relaxed)
                }
                latencies.withLock { $0 += mine }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        finished.wait()
        let elapsed = Date().timeIntervalSince(started)
        let sorted = latencies.withLock { $0.sorted() }
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p / 100))] }
        print(
            String(
                format: "RESULT requests=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d", sorted.count, elapsed,
                Double(sorted.count) / elapsed, percentile(50), percentile(99), errors.load(ordering: .relaxed)))
    }
}

/// One SQLite connection: WAL, `synchronous=FULL`, waits up to 30 s for the write lock.
final class Connection {
    let handle: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle
        else { throw SQLiteFailure(message: "cannot open \(path)") }
        self.handle = handle
        sqlite3_busy_timeout(handle, 30_000)
        try execute("PRAGMA synchronous = FULL")
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw SQLiteFailure(message: String(cString: sqlite3_errmsg(handle))) }
    }

    func prepare(_ sql: String) throws -> Insert {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteFailure(message: String(cString: sqlite3_errmsg(handle)))
        }
        return Insert(connection: handle, statement: statement)
    }
}

/// The prepared insert of one connection.
final class Insert {
    let connection: OpaquePointer
    let statement: OpaquePointer

    init(connection: OpaquePointer, statement: OpaquePointer) {
        self.connection = connection
        self.statement = statement
    }

    deinit { sqlite3_finalize(statement) }

    func run(id: String, payload: String) throws {
        defer { sqlite3_reset(statement) }
        let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
        sqlite3_bind_text(statement, 1, id, -1, transient)
        sqlite3_bind_text(statement, 2, payload, -1, transient)
        guard sqlite3_step(statement) == SQLITE_DONE else { throw SQLiteFailure(message: String(cString: sqlite3_errmsg(connection))) }
    }
}

struct SQLiteFailure: Error {
    let message: String
}
