import Testing
@testable import LegacyCredentials

@Suite struct MD5CryptTests {
    @Test func passlibHashesVerify() throws {
        let requests = samplePasswords.map { ExternalTools.passlib("md5_crypt", $0) }
            + samplePasswords.map { ExternalTools.passlib("ldap_md5_crypt", $0) }
        let stored = try ExternalTools.hashes(requests)
        try expectVerifies(stored, passwords: samplePasswords + samplePasswords, scheme: .md5Crypt)
    }

    @Test func opensslPasswdHashesVerify() throws {
        // Includes a password longer than 16 bytes (several digest copies) and the empty one.
        let passwords = samplePasswords + ["a password longer than sixteen bytes, ünïcødé"]
        let stored = try passwords.map { try ExternalTools.opensslPasswd("-1", $0) }
        try expectVerifies(stored, passwords: passwords, scheme: .md5Crypt)
    }

    @Test func cryptPrefixIsCaseInsensitive() throws {
        let stored = try ExternalTools.opensslPasswd("-1", "abc")
        #expect(try LegacyPasswordHash(parsing: "{crypt}" + stored).verify("abc"))
        #expect(try LegacyPasswordHash(parsing: "{Crypt}" + stored).verify("abc"))
    }

    @Test func saltLongerThanEightIsRefused() {
        #expect(throws: LegacyHashError.malformed(scheme: "$1$", detail: "invalid salt")) {
            try LegacyPasswordHash(parsing: "$1$123456789$" + String(repeating: "a", count: 22))
        }
    }
}
