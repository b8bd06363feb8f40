import Testing
@testable import LegacyCredentials

@Suite struct HashParsingTests {
    @Test(arguments: [
        ("{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=", LegacyHashError.unsupportedScheme("{SHA}")),
        ("{sha512}abc", .unsupportedScheme("{SHA512}")),
        ("{MD5}CY9rzUYh03PK3k6DJie09g==", .unsupportedScheme("{MD5}")),
        ("{CLEARTEXT}secret", .unsupportedScheme("{CLEARTEXT}")),
        ("{CRYPT}abcdefghijklm", .unsupportedScheme("{CRYPT}DES")),
        ("{CRYPT}$y$j9T$salt$hash", .unsupportedScheme("{CRYPT}$y$")),
        ("$apr1$salt$hash", .unsupportedScheme("$apr1$")),
        ("{PBKDF2-SHA512}10000$abc$def", .unknownScheme("{PBKDF2-SHA512}")),
        ("$9$abc$def", .unknownScheme("$9$")),
        ("plaintext", .unknownScheme("(no scheme tag)")),
        ("   ", .empty),
    ])
    func refusedSchemesAreNamed(text: String, expected: LegacyHashError) {
        #expect(throws: expected) { try LegacyPasswordHash(parsing: text) }
    }

    @Test func overlongValueIsRefusedBeforeDecoding() {
        let text = "{SSHA}" + String(repeating: "A", count: 600)
        #expect(throws: LegacyHashError.malformed(scheme: "{SSHA}", detail: "longer than 512 bytes")) {
            try LegacyPasswordHash(parsing: text)
        }
    }

    @Test func errorsSpeakFrenchToPeopleAndEnglishToLogs() {
        let error = LegacyHashError.unknownScheme("{FOO}")
        #expect(error.userMessage == "Format de mot de passe chiffré inconnu : {FOO}.")
        #expect(error.logMessage == "legacy hash: unknown scheme {FOO}")
        let cost = LegacyHashError.costTooHigh(scheme: "$2b$", cost: 20, limit: 16)
        #expect(cost.userMessage.contains("coût 20"))
        #expect(cost.logMessage == "legacy hash: $2b$ cost 20 exceeds limit 16")
    }

    @Test func dummyVerifyAlwaysFailsAndCostsAsMuchAsTheReference() throws {
        let reference = try LegacyPasswordHash(parsing: try ExternalTools.hashes([ExternalTools.pyBcrypt("x", rounds: 6)])[0])
        #expect(!LegacyPasswordHash.dummyVerify("x", costOf: reference))
        #expect(!LegacyPasswordHash.dummyVerify("anything"))
        let clock = ContinuousClock()
        // Best of three each, to damp noise from other jobs on the machine.
        let real = (0..<3).map { _ in clock.measure { _ = reference.verify("x") } }.min()!
        let dummy = (0..<3).map { _ in clock.measure { LegacyPasswordHash.dummyVerify("x", costOf: reference) } }.min()!
        // Same computation: within a factor of three even on a busy machine.
        #expect(dummy * 3 > real && real * 3 > dummy, "real \(real), dummy \(dummy)")
        #expect(LegacyPasswordHash.defaultDummy.scheme == .bcrypt && LegacyPasswordHash.defaultDummy.cost == 10)
    }
}
