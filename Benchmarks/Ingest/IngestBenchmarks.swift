import Benchmark
import CIM
import EventLog
import Foundation
import Ingest
import StoreTesting

/// Stage benchmarks of the write path on 1 KB messages. Each inner iteration is one
/// message; the append and whole-path benchmarks push 1,000 messages per measured
/// iteration from the given number of concurrent producers.
let benchmarks: @Sendable () -> Void = {
    let messages = (0..<10_000).map { Array(CIMFixtures.realisticMessage(id: "bench-\($0)", index: $0).utf8) }
    let decoder = MessageDecoder()
    let normalizer = Normalizer()
    let receivedAt = Timestamp(millisecondsSince1970: 1_700_000_000_000)

    let quick = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 200
    )

    Benchmark("Decode+validate+normalize 1KB", configuration: quick) { benchmark in
        var offset = 0
        for _ in benchmark.scaledIterations {
            let decoded = try decoder.decode(messages[offset % messages.count], origin: .cimMessage)
            blackHole(normalizer.activity(for: decoded.message, origin: .cimMessage, receivedAt: receivedAt))
            offset += 1
        }
    }

    Benchmark("Decode+validate 1KB", configuration: quick) { benchmark in
        var offset = 0
        for _ in benchmark.scaledIterations {
            blackHole(try decoder.decode(messages[offset % messages.count], origin: .cimMessage))
            offset += 1
        }
    }

    let decoded = try! messages.prefix(1000).map { try decoder.decode($0, origin: .cimMessage).message }
    Benchmark("Normalize 1KB", configuration: quick) { benchmark in
        var offset = 0
        for _ in benchmark.scaledIterations {
            blackHole(normalizer.activity(for: decoded[offset % decoded.count], origin: .cimMessage, receivedAt: receivedAt))
            offset += 1
        }
    }

    Benchmark("Foundation JSONDecoder 1KB (baseline)", configuration: quick) { benchmark in
        let jsonDecoder = JSONDecoder()
        var offset = 0
        for _ in benchmark.scaledIterations {
            blackHole(try jsonDecoder.decode(CodableMessage.self, from: Data(messages[offset % messages.count])))
            offset += 1
        }
    }

    for producers in [1, 8, 64] {
        Benchmark("Durable append 1KB, \(producers) producers", configuration: quick) { benchmark in
            try await appendBenchmark(benchmark, producers: producers, messages: messages, prepare: true)
        }
    }

    Benchmark("Whole ingest path 1KB, 64 producers", configuration: quick) { benchmark in
        try await appendBenchmark(benchmark, producers: 64, messages: messages, prepare: false)
    }

    Benchmark("Whole ingest path 1KB, 64 producers, 16 per append", configuration: quick) { benchmark in
        try await appendBenchmark(benchmark, producers: 64, messages: messages, prepare: false, perAppend: 16)
    }

    projectionBenchmarks()
}

/// Appends 1,000 messages per measured iteration from `producers` tasks into a fresh
/// durable log on the work disk. With `prepare`, the records are built before the clock
/// starts (the append alone); without, each producer also decodes, validates, normalizes and
/// encodes its messages (the whole in-process ingest path). With `perAppend` above one, each
/// producer validates that many messages and appends them in one call, as `import` does.
func appendBenchmark(_ benchmark: Benchmark, producers: Int, messages: [[UInt8]], prepare: Bool, perAppend: Int = 1) async throws {
    let directory = try TemporaryDirectory(prefix: "cxstore-bench")
    defer { directory.remove() }
    let log = try EventLog(directory: directory.path)
    let ingestor = Ingestor(log: log)
    let count = benchmark.scaledIterations.count
    let prepared = try prepare ? (0..<count).map { try ingestor.preparer.prepare(messages[$0 % messages.count], origin: .cimMessage).event } : []

    benchmark.startMeasurement()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for producer in 0..<producers {
            group.addTask {
                let mine = Array(stride(from: producer, to: count, by: producers))
                if perAppend > 1 {
                    for chunk in stride(from: 0, to: mine.count, by: perAppend) {
                        let events = try mine[chunk..<min(chunk + perAppend, mine.count)].map { index in
                            try ingestor.preparer.prepare(messages[index % messages.count], origin: .cimMessage).event
                        }
                        for result in try await log.append(contentsOf: events) { _ = try result.get() }
                    }
                } else {
                    for index in mine {
                        if prepare {
                            _ = try await log.append(prepared[index])
                        } else {
                            _ = try await ingestor.ingest(messages[index % messages.count], origin: .cimMessage)
                        }
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    benchmark.stopMeasurement()
    await log.close()
}
