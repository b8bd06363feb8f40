import Foundation
import Testing
@testable import Accounts
import Primitives

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher.fast

    @Test func hashesInPHCFormatAndVerifies() throws {
        let hash = try hasher.hash("Soleil-2026")
        #expect(hash.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(hash.split(separator: "$").count == 4)
        #expect(hasher.verify("Soleil-2026", against: hash) == .init(matches: true, needsRehash: false))
        #expect(hasher.verify("Soleil-2027", against: hash).matches == false)
        #expect(hasher.verify("", against: hash).matches == false)
    }

    @Test func saltsEveryHash() throws {
        #expect(try hasher.hash("Soleil-2026") != hasher.hash("Soleil-2026"))
    }

    /// RFC 7914 §12, second vector: scrypt("password", "NaCl", N=1024, r=8, p=16).
    @Test func derivesTheRFC7914TestVector() throws {
        let key = try PasswordHasher.derive(password: "password", salt: Array("NaCl".utf8), logN: 10, r: 8, p: 16, length: 64)
        #expect(Hex.encode(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func asksForRehashWhenTheCostWasRaised() throws {
        let old = try PasswordHasher(logN: 10, r: 8, p: 1).hash("Soleil-2026")
        let verdict = PasswordHasher(logN: 11, r: 8, p: 1).verify("Soleil-2026", against: old)
        #expect(verdict == .init(matches: true, needsRehash: true))
        // A wrong password never triggers a rehash.
        #expect(PasswordHasher(logN: 11, r: 8, p: 1).verify("wrong", against: old).needsRehash == false)
    }

    @Test(arguments: ["", "plain", "$scrypt$ln=10,r=8,p=1$$", "$bcrypt$x$y$z", "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "$scrypt$ln=10,r=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    func malformedStoredHashesNeverMatch(_ stored: String) {
        #expect(hasher.verify("anything", against: stored).matches == false)
    }

    @Test func comparesSecretsWithoutShortcuts() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    }
}
