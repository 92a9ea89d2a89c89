import Benchmark
import CIM
import EventLog
import Foundation
import Ingest
import Projections
import StoreTesting

/// Events in the log each projection benchmark applies: 20,000 realistic 1 KB messages
/// from 2,000 customers (ten messages each), so the working set both creates and updates rows.
let projectionEventCount = 20_000

/// Stage benchmarks of projection apply: the same log applied by the live runner (WAL,
/// one transaction per batch of 1,000) and by a rebuild (bulk load into a new generation).
/// Each measured iteration applies the whole log; events/s = 20,000 / wall time.
func projectionBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        maxDuration: .seconds(30),
        maxIterations: 5
    )

    Benchmark("Projection apply, live runner, 20k events", configuration: configuration) { benchmark in
        let fixture = try await ProjectionFixture()
        defer { fixture.remove() }
        for _ in benchmark.scaledIterations {
            let layout = try fixture.freshStore()
            let log = try EventLog(directory: layout.logDirectory)
            let store = try ReadModelStore(layout: layout)
            let runner = try await ProjectionRunner(log: log, store: store)
            benchmark.startMeasurement()
            let running = Task { try await runner.run() }
            let applied = await runner.waitUntilApplied(LogPosition(UInt64(projectionEventCount)), timeout: .seconds(120))
            benchmark.stopMeasurement()
            running.cancel()
            _ = try? await running.value
            await log.close()
            precondition(applied, "the runner did not apply the log within two minutes")
        }
    }

    Benchmark("Projection apply, rebuild, 20k events", configuration: configuration) { benchmark in
        let fixture = try await ProjectionFixture()
        defer { fixture.remove() }
        for _ in benchmark.scaledIterations {
            let layout = try fixture.freshStore()
            let log = try EventLog(directory: layout.logDirectory)
            benchmark.startMeasurement()
            let result = try await Rebuilder(log: log, layout: layout).rebuild()
            benchmark.stopMeasurement()
            await log.close()
            precondition(result.events == UInt64(projectionEventCount), "the rebuild applied \(result.events) events")
        }
    }
}

/// A log of ``projectionEventCount`` events written once, and a fresh store (a copy of that
/// log, no read model yet) for each iteration.
struct ProjectionFixture {
    let directory: TemporaryDirectory
    private let source: StoreLayout

    init() async throws {
        directory = try TemporaryDirectory(prefix: "cxstore-bench-projections")
        source = StoreLayout(dataDirectory: directory.path + "/source")
        let log = try EventLog(directory: source.logDirectory)
        let preparer = MessagePreparer()
        for chunk in stride(from: 0, to: projectionEventCount, by: 1000) {
            let events = try (chunk..<chunk + 1000).map { index in
                try preparer.prepare(
                    Array(CIMFixtures.realisticMessage(id: "projection-\(index)", index: index % 2000).utf8),
                    origin: .cimMessage
                ).event
            }
            _ = try await log.append(contentsOf: events)
        }
        await log.close()
    }

    /// A new data directory holding a copy of the log and nothing else.
    func freshStore() throws -> StoreLayout {
        let layout = StoreLayout(dataDirectory: directory.path + "/run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: layout.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source.logDirectory, toPath: layout.logDirectory)
        return layout
    }

    func remove() { directory.remove() }
}
