import Foundation
import Testing
@testable import Accounts
import Primitives

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher.fast

    @Test func hashesInPHCFormatAndVerifies() throws {
        let hash = try hasher.hash("Soleil-2026")
        #expect(hash.hasPrefix("$argon2id$v=19$m=64,t=1,p=1$"))
        let fields = hash.split(separator: "$")
        #expect(fields.count == 5)
        #expect(Base64.decode(fields[3] + "==")?.count == 16, "16-byte salt")
        #expect(Base64.decode(fields[4] + "=")?.count == 32, "32-byte tag")
        #expect(hasher.verify("Soleil-2026", against: hash) == .init(matches: true, needsRehash: false))
        #expect(hasher.verify("Soleil-2027", against: hash).matches == false)
        #expect(hasher.verify("", against: hash).matches == false)
    }

    @Test func theStandardCostIsOWASPsMinimum() throws {
        #expect(PasswordHasher.standard.argon2 == Argon2id.Parameters(memoryKiB: 19456, iterations: 2, parallelism: 1))
        #expect(try PasswordHasher.standard.hash("x").hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
    }

    /// Threat: an operator's typo (or a copied test setting) weakens every new hash.
    @Test(arguments: [Argon2id.Parameters(memoryKiB: 19455, iterations: 2), Argon2id.Parameters(memoryKiB: 65536, iterations: 1),
                      Argon2id.Parameters(memoryKiB: 64, iterations: 1)])
    func noConfigurationGoesBelowOWASPsMinimum(_ parameters: Argon2id.Parameters) {
        #expect(throws: PasswordHasher.ConfigurationError.belowMinimum(parameters)) { try PasswordHasher(argon2: parameters) }
    }

    @Test func aStrongerConfigurationIsAccepted() throws {
        #expect(try PasswordHasher(argon2: .init(memoryKiB: 64 * 1024, iterations: 3)).argon2.memoryKiB == 65536)
        #expect(throws: PasswordHasher.ConfigurationError.self) { try PasswordHasher(argon2: .init(memoryKiB: 2 << 20, iterations: 2)) }
    }

    @Test func saltsEveryHash() throws {
        #expect(try hasher.hash("Soleil-2026") != hasher.hash("Soleil-2026"))
    }

    /// RFC 7914 §12, second vector: scrypt("password", "NaCl", N=1024, r=8, p=16).
    @Test func derivesTheRFC7914TestVector() throws {
        let key = try Scrypt.derive(password: "password", salt: Array("NaCl".utf8), parameters: .init(logN: 10, r: 8, p: 16), length: 64)
        #expect(Hex.encode(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    /// Passwords of earlier versions keep working and move to Argon2id.
    @Test func aScryptHashStillVerifiesAndAsksForRehash() throws {
        let old = try Scrypt.hash("Soleil-2026", parameters: .init(logN: 10, r: 8, p: 1))
        #expect(old.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(hasher.verify("Soleil-2026", against: old) == .init(matches: true, needsRehash: true))
        // A wrong password never triggers a rehash.
        #expect(hasher.verify("Soleil-2027", against: old) == .init(matches: false, needsRehash: false))
    }

    @Test func asksForRehashWhenTheCostWasRaised() throws {
        let old = try hasher.hash("Soleil-2026")
        let stronger = PasswordHasher(unchecked: .init(memoryKiB: 128, iterations: 2))
        #expect(stronger.verify("Soleil-2026", against: old) == .init(matches: true, needsRehash: true))
        #expect(stronger.verify("wrong", against: old).needsRehash == false)
    }

    /// Threat: a stored hash that asks for gigabytes or for a thousand passes
    /// (a tampered row, a bad import) turns a login into a denial of service.
    @Test(arguments: ["", "plain", "$scrypt$ln=10,r=8,p=1$$", "$bcrypt$x$y$z",
                      "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$scrypt$ln=10,r=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$v=19$m=4194304,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$v=19$m=64,t=1000,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$v=16$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$v=19$m=64,t=1,p=1,x=2$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$v=19$m=64,t=1,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    func malformedStoredHashesNeverMatch(_ stored: String) {
        #expect(hasher.verify("anything", against: stored).matches == false)
    }

    @Test func comparesSecretsWithoutShortcuts() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    }
}
