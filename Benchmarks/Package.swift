// swift-tools-version:6.3
import PackageDescription

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "cx-activity-store", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Ingest",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CIM", package: "cx-activity-store"),
                .product(name: "EventLog", package: "cx-activity-store"),
                .product(name: "QueryAPI", package: "cx-activity-store"),
                .product(name: "StoreTesting", package: "cx-activity-store"),
            ],
            path: "Ingest",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
