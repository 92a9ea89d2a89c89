import CIM
import EventLog
import Ingest

/// A batch of NDJSON lines validated on every core: the events of the valid lines in line
/// order, ready for one append, and the refusals of the others.
struct ImportBatch: Sendable {
    /// A line and its bytes.
    typealias Line = (number: Int, bytes: [UInt8])

    /// A refused line and why.
    struct Refusal: Sendable {
        let line: Int
        let reasons: [String]
    }

    /// The events of the valid lines, in line order.
    private(set) var events: [NewEvent] = []
    /// The line number of each event.
    private(set) var lines: [Int] = []
    /// The lines that did not validate, in line order.
    private(set) var refusals: [Refusal] = []

    /// Validates `lines` exactly as the ingest routes do, splitting them into one contiguous
    /// slice per worker so that the events come back in line order.
    static func prepare(
        _ lines: [Line], preparer: MessagePreparer, origin: MessageOrigin, receivedAt: Timestamp, workers: Int
    ) async -> ImportBatch {
        let sliceSize = max(1, (lines.count + workers - 1) / workers)
        let slices = stride(from: 0, to: lines.count, by: sliceSize).map { lines[$0..<min($0 + sliceSize, lines.count)] }
        let prepared = await withTaskGroup(of: (Int, ImportBatch).self) { group in
            for (index, slice) in slices.enumerated() {
                group.addTask { (index, prepareInOrder(slice, preparer: preparer, origin: origin, receivedAt: receivedAt)) }
            }
            var parts: [(Int, ImportBatch)] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var batch = ImportBatch()
        for part in prepared {
            batch.events += part.events
            batch.lines += part.lines
            batch.refusals += part.refusals
        }
        return batch
    }

    private static func prepareInOrder(
        _ lines: ArraySlice<Line>, preparer: MessagePreparer, origin: MessageOrigin, receivedAt: Timestamp
    ) -> ImportBatch {
        var batch = ImportBatch()
        batch.events.reserveCapacity(lines.count)
        for (number, bytes) in lines {
            do {
                batch.events.append(try preparer.prepare(bytes, origin: origin, receivedAt: receivedAt).event)
                batch.lines.append(number)
            } catch {
                batch.refusals.append(Refusal(line: number, reasons: error.violations.map(\.description)))
            }
        }
        return batch
    }
}
