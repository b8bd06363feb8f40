import Testing
@testable import LegacyCredentials

@Suite struct SHACryptTests {
    @Test(arguments: [
        ("sha512_crypt", LegacyPasswordHash.Scheme.sha512Crypt),
        ("sha256_crypt", .sha256Crypt),
        ("ldap_sha512_crypt", .sha512Crypt),
        ("ldap_sha256_crypt", .sha256Crypt),
    ])
    func passlibDefaultRounds(handler: String, scheme: LegacyPasswordHash.Scheme) throws {
        // rounds=5000 is the implicit default: passlib then omits "rounds=".
        let requests = samplePasswords.map { ExternalTools.passlib(handler, $0, ["rounds": 5000]) }
        let stored = try ExternalTools.hashes(requests)
        #expect(stored.allSatisfy { !$0.contains("rounds=") })
        #expect(stored.allSatisfy { $0.hasPrefix("{CRYPT}") == handler.hasPrefix("ldap_") })
        try expectVerifies(stored, passwords: samplePasswords, scheme: scheme)
    }

    @Test(arguments: [1000, 1234, 20_000])
    func passlibCustomRounds(rounds: Int) throws {
        let requests = samplePasswords.flatMap {
            [ExternalTools.passlib("sha512_crypt", $0, ["rounds": .int(rounds)]),
             ExternalTools.passlib("sha256_crypt", $0, ["rounds": .int(rounds)])]
        }
        let stored = try ExternalTools.hashes(requests)
        #expect(stored.allSatisfy { $0.contains("rounds=\(rounds)$") })
        for (index, text) in stored.enumerated() {
            let hash = try LegacyPasswordHash(parsing: text)
            #expect(hash.cost == rounds)
            #expect(hash.verify(samplePasswords[index / 2]))
            #expect(!hash.verify(samplePasswords[index / 2] + "!"))
        }
    }

    @Test(arguments: ["-5", "-6"])
    func opensslPasswdHashesVerify(flag: String) throws {
        // openssl passwd -5/-6 cannot hash the empty password; passlib covers it.
        let passwords = samplePasswords.filter { !$0.isEmpty } + ["0123456789abcdefghijklmnopqrstuvwxyz-long-enough-to-wrap-sixty-four-bytes-of-digest"]
        let stored = try passwords.map { try ExternalTools.opensslPasswd(flag, $0) }
        try expectVerifies(stored, passwords: passwords, scheme: flag == "-5" ? .sha256Crypt : .sha512Crypt)
    }

    @Test func roundsBelowMinimumAreRaisedToThousand() throws {
        // Per the specification, rounds=10 means 1000; glibc/openssl agree.
        let stored = try ExternalTools.opensslPasswd("-6", "abc", salt: "rounds=1000$saltsalt")
        let low = stored.replacingOccurrences(of: "rounds=1000", with: "rounds=10")
        #expect(try LegacyPasswordHash(parsing: low).verify("abc"))
    }

    @Test func roundsAboveLimitAreRefused() {
        let text = "$6$rounds=1000001$salt$" + String(repeating: "a", count: 86)
        #expect(throws: LegacyHashError.costTooHigh(scheme: "$6$", cost: 1_000_001, limit: 1_000_000)) {
            try LegacyPasswordHash(parsing: text)
        }
        let tighter = LegacyHashLimits(maximumSHACryptRounds: 10_000)
        #expect(throws: LegacyHashError.costTooHigh(scheme: "{CRYPT}$5$", cost: 20_000, limit: 10_000)) {
            try LegacyPasswordHash(parsing: "{CRYPT}$5$rounds=20000$salt$" + String(repeating: "a", count: 43), limits: tighter)
        }
    }

    @Test(arguments: [
        "$6$salt$tooshort",
        "$6$rounds=abc$salt$" + String(repeating: "a", count: 86),
        "$6$rounds=-5$salt$" + String(repeating: "a", count: 86),
        "$6$salt$" + String(repeating: "*", count: 86),
        "$6$saltsaltsaltsalt1$" + String(repeating: "a", count: 86),
        "$5$onlysalt",
    ])
    func malformedValuesAreRefused(text: String) {
        #expect(throws: LegacyHashError.self) { try LegacyPasswordHash(parsing: text) }
        do { _ = try LegacyPasswordHash(parsing: text) } catch {
            guard case .malformed = error else { Issue.record("expected malformed, got \(error)"); return }
        }
    }
}
