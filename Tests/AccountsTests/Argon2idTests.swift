import Foundation
import Primitives
import SesameTestSupport
import Testing
@testable import Accounts

/// Argon2id as Sesame computes it (libsodium, or libargon2 for other
/// shapes), against RFC 9106, against each other, and against implementations
/// nobody here wrote (argon2-cffi, and PyNaCl's own build of libsodium).
@Suite struct Argon2idTests {
    /// RFC 9106 §5.3: Argon2id with secret and associated data.
    @Test func derivesTheRFC9106TestVector() throws {
        let tag = try Argon2id.derive(password: [UInt8](repeating: 1, count: 32), salt: [UInt8](repeating: 2, count: 16),
                                      parameters: .init(memoryKiB: 32, iterations: 3, parallelism: 4), length: 32,
                                      secret: [UInt8](repeating: 3, count: 8), associatedData: [UInt8](repeating: 4, count: 12))
        #expect(Hex.encode(tag) == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")
    }

    @Test func refusesParametersLibargon2Refuses() {
        #expect(throws: Argon2id.Failure.self) {
            try Argon2id.derive(password: [1], salt: [1, 2, 3], parameters: .init(memoryKiB: 64, iterations: 1), length: 32)
        }
    }

    /// The fast path (libsodium) and the reference (libargon2) give the same
    /// tag for the shape Sesame writes, whatever the password.
    @Test func bothImplementationsAgreeOnWhatSesameWrites() throws {
        for _ in 0..<12 {
            let password = SecureRandom.bytes(Int.random(in: 0...80)), salt = SecureRandom.bytes(16)
            let parameters = Argon2id.Parameters(memoryKiB: Int.random(in: 8...1024), iterations: Int.random(in: 1...3))
            let length = Int.random(in: 16...64)
            #expect(Argon2id.fitsLibsodium(salt: salt, parameters: parameters, length: length))
            let fast = try Argon2id.libsodium(password: password, salt: salt, parameters: parameters, length: length)
            let reference = try Argon2id.reference(password: password, salt: salt, parameters: parameters, length: length, secret: [], associatedData: [])
            #expect(fast == reference, "\(parameters), \(length) bytes")
        }
        #expect(!Argon2id.fitsLibsodium(salt: SecureRandom.bytes(12), parameters: .init(memoryKiB: 64, iterations: 1), length: 32))
        #expect(!Argon2id.fitsLibsodium(salt: SecureRandom.bytes(16), parameters: .init(memoryKiB: 64, iterations: 1, parallelism: 2), length: 32))
    }

    struct Case: Codable { var password: String, salt: String, m: Int, t: Int, p: Int, length: Int }

    /// Random passwords, salts and parameters, computed here and by both peers.
    @Test func agreesWithTwoIndependentImplementations() async throws {
        var cases: [Case] = []
        for index in 0..<24 {
            let p = index % 3 == 0 ? Int.random(in: 2...4) : 1
            let saltLength = index % 2 == 0 ? 16 : Int.random(in: 8...40)
            cases.append(Case(password: Hex.encode(SecureRandom.bytes(Int.random(in: 0...64))), salt: Hex.encode(SecureRandom.bytes(saltLength)),
                              m: Int.random(in: (8 * p)...512), t: Int.random(in: 1...4), p: p, length: Int.random(in: 16...64)))
        }
        let answer = try await Self.peer(["raw": cases])
        let raw = try #require(answer["raw"] as? [[String: Any]])
        #expect(raw.count == cases.count)
        var sodiumCompared = 0
        for (item, peer) in zip(cases, raw) {
            let ours = try Argon2id.derive(password: try #require(Hex.decode(item.password)), salt: try #require(Hex.decode(item.salt)),
                                           parameters: .init(memoryKiB: item.m, iterations: item.t, parallelism: item.p), length: item.length)
            #expect(Hex.encode(ours) == peer["cffi"] as? String, "argon2-cffi, \(item)")
            if let sodium = peer["sodium"] as? String {
                #expect(Hex.encode(ours) == sodium, "libsodium, \(item)")
                sodiumCompared += 1
            }
        }
        #expect(sodiumCompared >= 4)
    }

    /// Our PHC strings verify in argon2-cffi, and its strings verify here.
    @Test func phcStringsCrossBothWays() async throws {
        let hasher = PasswordHasher.fast
        let passwords = ["Soleil-2026", "été à Noël ✓", ""]
        let ours = try passwords.map { try hasher.hash($0) }
        let answer = try await Self.peer([
            "verify": zip(ours, passwords).map { ["hash": $0, "password": $1] } + [["hash": ours[0], "password": "Soleil-2027"]],
            "make": passwords.map { ["password": $0, "t": 2, "m": 128] as [String: Any] },
        ])
        #expect(answer["verified"] as? [Bool] == [true, true, true, false])
        let theirs = try #require(answer["made"] as? [String])
        for (hash, password) in zip(theirs, passwords) {
            #expect(hash.hasPrefix("$argon2id$v=19$m=128,t=2,p=1$"))
            #expect(hasher.verify(password, against: hash) == .init(matches: true, needsRehash: true), "another cost than ours")
            #expect(!hasher.verify(password + "x", against: hash).matches)
        }
    }

    static func peer(_ cases: [String: Any]) async throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("argon2-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: cases.mapValues { value -> Any in
            if let typed = value as? [Case] { return typed.map { ["password": $0.password, "salt": $0.salt, "m": $0.m, "t": $0.t, "p": $0.p, "length": $0.length] } }
            return value
        }).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await PythonPeer.run("Interop/argon2_peer.py", [file.path])
    }
}

