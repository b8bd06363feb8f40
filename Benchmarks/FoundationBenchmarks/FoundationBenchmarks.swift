import Accounts
import Benchmark
import Foundation
import Storage

/// Each measured path has its baseline in the same run:
/// - password verification through Sesame (PHC parse + Argon2id + compare)
///   vs raw Argon2id at the same parameters (OWASP's minimum: libsodium,
///   and libargon2's reference code beside it), and the scrypt default of
///   earlier versions as the old cost,
/// - identifier folding, and account creation on SQLite,
/// - session lookup on SQLite.
let benchmarks: @Sendable () -> Void = {
    let hasher = PasswordHasher.standard
    let password = "Soleil-2026"
    let stored = try! hasher.hash(password)
    let salt = [UInt8](repeating: 7, count: 16)
    let config = Benchmark.Configuration(metrics: [.throughput, .wallClock], warmupIterations: 2,
                                         scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 200)

    Benchmark("argon2id raw (baseline, m=19456 t=2 p=1)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Argon2id.derive(password: Array(password.utf8), salt: salt, parameters: hasher.argon2, length: 32))
        }
    }

    Benchmark("password verify (PHC parse + argon2id + compare)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(hasher.verify(password, against: stored))
        }
    }

    Benchmark("argon2id reference libargon2 (m=19456 t=2 p=1)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Argon2id.reference(password: Array(password.utf8), salt: salt, parameters: hasher.argon2, length: 32))
        }
    }

    Benchmark("scrypt raw (earlier default, ln=15 r=8 p=1)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Scrypt.derive(password: password, salt: salt, parameters: .init(logN: 15, r: 8, p: 1), length: 32))
        }
    }

    Benchmark("identifier stem folding", configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(IdentifierFormat.stem(firstName: "Jean-Baptiste", familyName: "N'Diaye de La Tour d'Auvergne"))
        }
    }

    Benchmark("account creation with a unique identifier (SQLite)",
              configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .one, maxDuration: .seconds(5), maxIterations: 2000)) { (benchmark: Benchmark, store: SQLStore) in
        for i in benchmark.scaledIterations {
            // Mostly distinct names, as in a real import; some repeat.
            blackHole(try await store.createAccount(NewAccount(role: .guardian, familyName: letters(i / 4), firstName: "Marie")))
        }
    } setup: {
        try await openStore()
    }

    Benchmark("session lookup (SQLite)",
              configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .kilo, maxDuration: .seconds(5))) { (benchmark: Benchmark, context: (SQLStore, String)) in
        let (store, key) = context
        for _ in benchmark.scaledIterations {
            blackHole(try await store.session(key: key, now: Date()))
        }
    } setup: {
        let store = try await openStore()
        let account = try await store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "Durand", firstName: "Léa"))
        let token = SessionToken.generate()
        let now = Date()
        try await store.createSession(Session(accountID: account.id, createdAt: now, expiresAt: now + 3600, method: "password"), key: token.storageKey)
        return (store, token.storageKey)
    }
}

func openStore() async throws -> SQLStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try await SQLStore.open(url: "sqlite:" + directory.appendingPathComponent("bench.sqlite3").path)
}

/// A name made of letters for a number: 0 → "a", 27 → "bb"…
func letters(_ n: Int) -> String {
    var n = n, out = ""
    repeat { out.append(Character(UnicodeScalar(UInt8(97 + n % 26)))); n /= 26 } while n > 0
    return "Nom" + out
}
