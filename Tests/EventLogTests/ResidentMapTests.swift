import EventLog
import Foundation
import StoreTesting
import Testing

/// Reading the log end to end (a rebuild) must not leave the whole log resident: the log
/// drops its mapped pages after every `residentMapBytes` of traffic.
@Suite struct ResidentMapTests {
    /// An 8 MB log read end to end, releasing every `residentMapBytes`; the peak resident
    /// size of the log's mapping while reading.
    private func peakResidentWhileReading(residentMapBytes: Int) async throws -> Int {
        try await withTemporaryLog(configuration: .init(residentMapBytes: residentMapBytes)) { log, directory in
            let payload = String(repeating: "x", count: 4000)
            for batch in 0..<20 {
                let events = (0..<100).map { makeEvent(id: "r-\(batch)-\($0)", content: payload + "\(batch)-\($0)") }
                _ = try await log.append(contentsOf: events)
            }
            var position = LogPosition.start
            var read = 0
            var peak = 0
            while let last = try log.read(after: position, limit: 50).last {
                read += Int(last.position.rawValue - position.rawValue)
                position = last.position
                peak = max(peak, try Self.residentBytes(ofFile: directory + "/data.mdb"))
            }
            #expect(read == 2000)
            return peak
        }
    }

    @Test func readingTheWholeLogKeepsOnlyABoundedPartResident() async throws {
        let bounded = try await peakResidentWhileReading(residentMapBytes: 2 << 20)
        let unbounded = try await peakResidentWhileReading(residentMapBytes: 1 << 40)
        // 8 MB of payloads take 16 MB of pages (each 4 KB record spills onto two overflow
        // pages), so releasing every 2 MB of payload keeps at most about 4 MB resident.
        #expect(unbounded > 15 << 20, "the measurement sees the whole mapped log: \(unbounded) bytes")
        #expect(bounded < 6 << 20, "peak \(bounded) bytes resident")
    }

    /// The resident bytes of this process's mappings of `path`, from `/proc/self/smaps`.
    private static func residentBytes(ofFile path: String) throws -> Int {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        // Read to the end: `/proc` files report a size of 0.
        let smaps = String(decoding: try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps")).readToEnd() ?? Data(), as: UTF8.self)
        var inFile = false
        var total = 0
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                inFile = fields.count >= 6 && fields[5...].joined(separator: " ") == resolved
            } else if inFile, fields.first == "Rss:", fields.count >= 2, let kilobytes = Int(fields[1]) {
                total += kilobytes * 1024
            }
        }
        return total
    }
}
