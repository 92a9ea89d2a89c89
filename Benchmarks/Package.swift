// swift-tools-version:6.3
import PackageDescription

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "cx-activity-store", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(
            name: "IngestBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CIM", package: "cx-activity-store"),
                .product(name: "EventLog", package: "cx-activity-store"),
                .product(name: "Ingest", package: "cx-activity-store"),
                .product(name: "Projections", package: "cx-activity-store"),
                .product(name: "StoreTesting", package: "cx-activity-store"),
            ],
            path: "Ingest",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SQLiteBaseline",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "SQLiteBaseline"
        ),
    ]
)
