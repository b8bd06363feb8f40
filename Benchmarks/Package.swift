// swift-tools-version:6.1
// Benchmarks live in their own package so the service builds without them.
// Run: cd Benchmarks && swift package benchmark   (or ./run for ratios)
import PackageDescription

let package = Package(
    name: "SesameBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Sesame", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FoundationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SesameCore", package: "Sesame"),
            ],
            path: "FoundationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        .target(name: "XMLDSigFixture", dependencies: [.product(name: "SesameCore", package: "Sesame")], path: "XMLDSigFixture"),
        .executableTarget(
            name: "XMLDSigBenchmarks",
            dependencies: [
                "XMLDSigFixture",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SesameCore", package: "Sesame"),
            ],
            path: "XMLDSigBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
        // Parses a generated establishment and a 100,000-pupil académie: time and peak memory.
        .executableTarget(
            name: "SIECLESpeed",
            dependencies: [.product(name: "SesameCore", package: "Sesame")],
            path: "SIECLESpeed"),
        // Imports a generated establishment and a 100,000-pupil académie: time and peak memory.
        .executableTarget(
            name: "SIECLEImportSpeed",
            dependencies: [.product(name: "SesameCore", package: "Sesame")],
            path: "SIECLEImportSpeed"),
        // Not a benchmark: a plain loop to run under valgrind.
        .executableTarget(
            name: "XMLDSigLeakCheck",
            dependencies: ["XMLDSigFixture", .product(name: "SesameCore", package: "Sesame")],
            path: "XMLDSigLeakCheck"),
    ]
)
