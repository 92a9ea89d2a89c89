// swift-tools-version:6.2
import PackageDescription

// The CIM decoder under libFuzzer. Built with the sanitizer flags on every module, so the
// decoder's code is instrumented for coverage (see scripts/fuzz.sh):
//   swift build -c release --product CIMFuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
let package = Package(
    name: "cim-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "cx-activity-store", path: "..")],
    targets: [
        .executableTarget(
            name: "CIMFuzz",
            dependencies: [
                .product(name: "CIM", package: "cx-activity-store"),
                .product(name: "Ingest", package: "cx-activity-store"),
            ]
        )
    ]
)
