// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Sesame",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sesame", targets: ["sesame"]),
        // For the benchmark package beside this one.
        .library(name: "SesameCore", targets: ["Primitives", "Accounts", "Storage", "XMLDSig", "SIECLE", "SIECLEImport"]),
        // For the fuzzing package beside this one: every parser strangers feed.
        .library(name: "SesameParsers", targets: [
            "Primitives", "XMLDSig", "SAML", "CAS", "SIECLE", "FranceConnect", "LegacyCredentials", "Accounts", "WebForms",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        // Argon2id: the reference implementation, and libsodium's (AVX2) for the parameters Sesame writes.
        // zlib's inflater for SIECLE zips, fed only the bytes the central directory bounds.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // SQLite through its C API (Debian's libsqlite3), prepared statements kept per connection.
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2",
                       providers: [.apt(["libargon2-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium",
                       providers: [.apt(["libsodium-dev"])]),
        // The small shared needs, one home each: base64, hex, percent-encoding,
        // XML/HTML escaping, secure random, digests, constant-time comparison,
        // UAI, French mobile numbers. Depends on nothing of ours.
        .target(name: "Primitives", dependencies: ["COpenSSL"]),
        // Form bodies and multipart uploads as browsers send them, read strictly.
        .target(name: "WebForms", dependencies: ["Primitives"]),
        // XML Signature and Encryption on libxml2 and OpenSSL: values in, values out.
        .target(name: "XMLDSig", dependencies: ["Primitives", "CLibXML2", "COpenSSL"], exclude: ["NOTES.md"]),
        // SAML 2.0 Web Browser SSO (IdP side) and Single Logout: values in, values out.
        .target(name: "SAML", dependencies: ["Primitives", "XMLDSig"], exclude: ["NOTES.md"]),
        // Streaming parser of SIECLE "BEE" exports (pupils, guardians): plain values out.
        .target(name: "SIECLE", dependencies: ["Primitives", "CLibXML2", "CZlib"],
                exclude: ["NOTES.md"]),
        // CAS 1/2/3 server protocol: tickets, requests, answers, service registry.
        .target(name: "CAS", dependencies: ["Primitives", .product(name: "Yams", package: "Yams")], exclude: ["NOTES.md"]),
        .target(name: "Accounts", dependencies: [
            "Primitives", "COpenSSL", "CArgon2", "CSodium", "LegacyCredentials",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Attribute profiles: one definition of what a service learns, for SAML and CAS.
        .target(name: "Attributes", dependencies: ["Primitives", "Accounts"]),
        // SMTP on SwiftNIO, an HTTP SMS gateway, the demo outbox, French message templates.
        .target(name: "Messaging", dependencies: [
            "Primitives",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // OpenID Connect relying party for FranceConnect (values in and out).
        .target(name: "FranceConnect", dependencies: [
            "Primitives",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "FranceConnectAsyncHTTPClient", dependencies: [
            "FranceConnect",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Old portal accounts: LDIF/CSV exports and their password hashes.
        .target(name: "LegacyCredentials", dependencies: ["Primitives", "COpenSSL"]),
        .target(name: "Storage", dependencies: [
            "Primitives", "Accounts", "CSQLite3",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "PostgresKit", package: "postgres-kit"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // SIECLE exports into the directory: a pure planner over the
        // `DirectoryImportStore` port that Storage implements.
        .target(name: "SIECLEImport", dependencies: [
            "Primitives", "SIECLE", "Accounts",
        ]),
        .target(name: "Bridge", dependencies: [
            "Primitives", "Accounts", "Attributes", "CAS", "SAML", "XMLDSig", "Messaging", "FranceConnect", "LegacyCredentials", "WebForms",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("Templates"), .copy("Static")]),
        // Demo mode apart: the demo académie, the demo ENTs and FranceConnect pages, their templates.
        .target(name: "Demo", dependencies: [
            "Primitives", "Accounts", "CAS", "SAML", "XMLDSig", "Messaging", "FranceConnect", "Bridge",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ], resources: [.copy("Templates")]),
        .executableTarget(name: "sesame", dependencies: [
            "Primitives", "SIECLE", "SIECLEImport", "Accounts", "Attributes", "Storage", "Bridge", "Demo", "CAS", "SAML", "XMLDSig", "Messaging", "FranceConnect", "FranceConnectAsyncHTTPClient", "LegacyCredentials",
            .product(name: "Yams", package: "Yams"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Shared by the test targets: real SQLite files and real PostgreSQL
        // databases, an HTTP client that keeps cookies.
        .target(name: "SesameTestSupport", dependencies: [
            "Primitives", "Storage", "Accounts", "Messaging", "FranceConnect", "XMLDSig",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], path: "Tests/SesameTestSupport"),
        .testTarget(name: "PrimitivesTests", dependencies: ["Primitives"]),
        .testTarget(name: "WebFormsTests", dependencies: ["Primitives", "WebForms"]),
        .testTarget(name: "AccountsTests", dependencies: ["Primitives", "Accounts", "LegacyCredentials", "SesameTestSupport"]),
        .testTarget(name: "CASTests", dependencies: ["Primitives", "CAS"]),
        .testTarget(name: "SIECLETests", dependencies: ["Primitives", "SIECLE"], resources: [.copy("Fixtures"), .copy("generate_fixtures.py")]),
        .testTarget(name: "SAMLTests", dependencies: ["Primitives", "SAML", "XMLDSig", "SesameTestSupport"], exclude: ["Interop"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AttributesTests", dependencies: ["Primitives", "Attributes", "Accounts"]),
        .testTarget(name: "MessagingTests", dependencies: ["Primitives", "Messaging", "SesameTestSupport"], exclude: ["Interop"]),
        .testTarget(name: "FranceConnectTests", dependencies: ["Primitives", 
            "FranceConnect", "FranceConnectAsyncHTTPClient", "SesameTestSupport",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], exclude: ["Peers"]),
        .testTarget(name: "LegacyCredentialsTests", dependencies: ["Primitives", "LegacyCredentials"], exclude: ["Scripts"]),
        .testTarget(name: "XMLDSigTests", dependencies: ["Primitives", "XMLDSig", "CLibXML2", "SesameTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StorageTests", dependencies: ["Primitives", "Storage", "Accounts", "LegacyCredentials", "SesameTestSupport",
            .product(name: "SQLKit", package: "sql-kit"),
        ]),
        .testTarget(name: "SIECLEImportTests", dependencies: ["Primitives", "SIECLEImport", "SIECLE", "Storage", "Accounts", "SesameTestSupport"]),
        .testTarget(name: "BridgeTests", dependencies: ["Primitives",
            "Bridge", "Storage", "Accounts", "Messaging", "LegacyCredentials", "SesameTestSupport", "SAML", "XMLDSig", "FranceConnect", "Demo",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // Runs the real `sesame` executable as separate processes.
        .testTarget(name: "EndToEndTests", dependencies: ["Primitives",
            "SesameTestSupport", "Accounts", "Storage", "Demo",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
    ]
)
