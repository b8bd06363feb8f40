import Accounts
import Bridge
import ArgumentParser
import CAS
import Foundation
import Storage

/// Options shared by every command that touches a deployment (DESIGN §4).
struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .customLong("public-url"), help: "Base URL as seen by browsers.")
    var publicURL: String = "http://127.0.0.1:8080"

    @Option(name: .customLong("data-dir"), help: "Directory for the SQLite database and generated keys.")
    var dataDir: String = "./data"

    @Option(help: "Database URL: postgres://user@host:port/db, or a SQLite file (default: <data-dir>/sesame.sqlite3).")
    var database: String?

    @Option(name: .customLong("metadata-dir"), help: "Directory of registered service providers' metadata.")
    var metadataDir: String = "./metadata"

    @Option(name: .customLong("argon2-memory"), help: "Memory of each Argon2id password hash, in MiB (at least 19, OWASP's minimum).")
    var argon2Memory: Int = PasswordHasher.owaspMinimum.memoryKiB / 1024

    @Option(name: .customLong("argon2-iterations"), help: "Passes of each Argon2id password hash (at least 2).")
    var argon2Iterations: Int = PasswordHasher.owaspMinimum.iterations

    @Option(name: .customLong("metrics-from"), help: "Address ranges allowed to read /metrics, comma-separated (default: loopback only).")
    var metricsFrom: String = "127.0.0.0/8,::1/128"

    @Option(name: .customLong("trusted-proxies"), help: "Reverse proxies whose X-Forwarded-For or Forwarded header gives the client's address, as address ranges, comma-separated (default: none, the peer is the client).")
    var trustedProxiesList: String = ""

    @Option(name: .customLong("max-in-flight"), help: "Requests served at once; beyond, an immediate 503 with Retry-After (/healthz excepted).")
    var maxInFlight: Int = 512

    @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle connection is closed.")
    var idleTimeout: Int = 60

    @Option(name: .customLong("header-timeout"), help: "Seconds a client has to send a whole request head.")
    var headerTimeout: Int = 20

    var metricsReaders: [AddressRange] { metricsFrom.split(separator: ",").compactMap { AddressRange(String($0)) } }
    var trustedProxies: [AddressRange] { trustedProxiesList.split(separator: ",").compactMap { AddressRange(String($0)) } }
    var timeouts: ConnectionTimeouts { ConnectionTimeouts(idle: .seconds(Int64(idleTimeout)), requestHead: .seconds(Int64(headerTimeout))) }

    func validate() throws {
        guard metricsFrom.split(separator: ",").allSatisfy({ AddressRange(String($0)) != nil }) else {
            throw ValidationError("--metrics-from : indiquez des plages d'adresses, par exemple 127.0.0.0/8,10.1.0.0/16.")
        }
        guard trustedProxiesList.split(separator: ",").allSatisfy({ AddressRange(String($0)) != nil }) else {
            throw ValidationError("--trusted-proxies : indiquez les adresses des mandataires (proxys), par exemple 10.0.0.5/32,192.168.10.0/24.")
        }
        guard (1...3600).contains(idleTimeout), (1...600).contains(headerTimeout) else {
            throw ValidationError("--idle-timeout doit être entre 1 et 3600 secondes, --header-timeout entre 1 et 600.")
        }
        guard (1...100_000).contains(maxInFlight) else { throw ValidationError("--max-in-flight doit être entre 1 et 100000.") }
        guard (1...65535).contains(port) else { throw ValidationError("--port doit être entre 1 et 65535.") }
        guard publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://"), URL(string: publicURL)?.host != nil else {
            throw ValidationError("--public-url doit être une adresse http(s) complète, par exemple https://sesame.ac-exemple.fr.")
        }
        do { _ = try configuredHasher() } catch {
            throw ValidationError("--argon2-memory and --argon2-iterations: \(error.description)")
        }
    }

    func configuredHasher() throws(PasswordHasher.ConfigurationError) -> PasswordHasher {
        try PasswordHasher(argon2: Argon2id.Parameters(memoryKiB: min(argon2Memory, 1 << 12) * 1024, iterations: argon2Iterations))
    }

    /// Checked by `validate()`.
    var hasher: PasswordHasher { (try? configuredHasher()) ?? .standard }

    var databaseURL: String {
        database ?? "sqlite:" + URL(fileURLWithPath: dataDir).appendingPathComponent(Backup.databaseFile).path
    }

    /// Opens the store, creating the data directory for SQLite and applying migrations.
    func openStore() async throws -> SQLStore {
        try Self.restrictToService(dataDir)
        let store = try await SQLStore.open(url: databaseURL)
        // The SQLite files hold every account: the service's only (older
        // versions left them world-readable).
        if database == nil {
            for suffix in ["", "-wal", "-shm"] { chmod(URL(fileURLWithPath: dataDir).appendingPathComponent(Backup.databaseFile + suffix).path, 0o600) }
        }
        return store
    }
}

extension ServerOptions {
    /// The data directory (database, keys, outbox), made or narrowed to 0700.
    static func restrictToService(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    var servicesFile: URL { URL(fileURLWithPath: metadataDir).appendingPathComponent("services.yml") }

    /// The CAS services of metadata/services.yml (none if the file is absent).
    /// Demo mode also accepts http proxy callbacks on loopback.
    func casServices(demo: Bool) throws -> ServiceRegistry {
        guard let data = FileManager.default.contents(atPath: servicesFile.path) else { return .empty }
        do {
            return try ServiceRegistry.load(yaml: String(decoding: data, as: UTF8.self), allowInsecure: demo)
        } catch {
            throw ValidationError("\(servicesFile.path) :\n" + error.issues.map { "  " + $0.frenchMessage }.joined(separator: "\n"))
        }
    }
}

/// Runs `body` with an open store and always closes it.
func withStore<T>(_ options: ServerOptions, _ body: (SQLStore) async throws -> T) async throws -> T {
    let store = try await options.openStore()
    do {
        let result = try await body(store)
        await store.database.shutdown()
        return result
    } catch {
        await store.database.shutdown()
        throw error
    }
}
