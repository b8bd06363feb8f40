// swift-tools-version:6.1
// libFuzzer targets, one per parser that strangers feed, each calling the
// function the server calls. Built apart so the service builds without them:
//   scripts/fuzz TARGET [seconds]   or   scripts/fuzz all [seconds]
// which runs: swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let targets = [
    "SAMLRedirect", "SAMLPost", "Inflate", "XMLSignature", "Canonicalization", "SPMetadata", "CASRequest",
    "FranceConnectToken", "SIECLEXML", "SIECLEZip", "LegacyLDIF", "LegacyCSV", "Multipart", "FormBody", "FrenchInput",
]

let package = Package(
    name: "SesameFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Sesame", path: "..")],
    targets: [
        .target(name: "FuzzDriver", path: "Driver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver", .product(name: "SesameParsers", package: "Sesame")], path: "Support"),
    ] + targets.map { name in
        .executableTarget(name: "Fuzz" + name, dependencies: ["FuzzSupport", "FuzzDriver", .product(name: "SesameParsers", package: "Sesame")],
                          path: "Targets/" + name)
    }
)
