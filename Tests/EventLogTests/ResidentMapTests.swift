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
                peak = max(peak, try await Self.residentBytes(ofFile: directory + "/data.mdb"))
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

    /// The resident bytes of this process's mappings of `path`, from `/proc/self/smaps`: read
    /// as bytes on a thread of its own, since the file is long (every test's mappings and
    /// threads are in it) and the pool's threads serve other tests' servers.
    private static func residentBytes(ofFile path: String) async throws -> Int {
        let resolved = Array(URL(fileURLWithPath: path).resolvingSymlinksInPath().path.utf8)
        return try await OwnThread.run {
            // Read to the end: `/proc` files report a size of 0.
            let smaps = [UInt8](try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps")).readToEnd() ?? Data())
            let rss = Array("Rss:".utf8)
            var inFile = false
            var total = 0
            var start = 0
            while start < smaps.count {
                let end = smaps[start...].firstIndex(of: UInt8(ascii: "\n")) ?? smaps.count
                let line = smaps[start..<end]
                start = end + 1
                guard let first = line.first else { continue }
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(first) {
                    // A mapping's header: `start-end perms offset device inode   path`.
                    inFile =
                        line.count > resolved.count && line.suffix(resolved.count).elementsEqual(resolved)
                        && line[line.endIndex - resolved.count - 1] == UInt8(ascii: " ")
                } else if inFile, line.starts(with: rss) {
                    let digits = line.dropFirst(rss.count).drop { $0 == UInt8(ascii: " ") }.prefix {
                        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    }
                    total += (Int(String(decoding: digits, as: UTF8.self)) ?? 0) * 1024
                }
            }
            return total
        }
    }
}
