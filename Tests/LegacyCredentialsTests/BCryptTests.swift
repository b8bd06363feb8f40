import Testing
@testable import LegacyCredentials

@Suite struct BCryptTests {
    /// 80 bytes: everything past byte 72 is ignored by bcrypt.
    static let longPassword = String(repeating: "é", count: 30) + String(repeating: "z", count: 20)

    @Test(arguments: ["2a", "2b"])
    func pythonBcryptHashesVerify(prefix: String) throws {
        let stored = try ExternalTools.hashes(samplePasswords.map { ExternalTools.pyBcrypt($0, prefix: prefix) })
        #expect(stored.allSatisfy { $0.hasPrefix("$\(prefix)$04$") })
        try expectVerifies(stored, passwords: samplePasswords, scheme: .bcrypt)
    }

    @Test(arguments: ["2a", "2b"])
    func passlibBcryptAndLdapWrapperVerify(ident: String) throws {
        let requests = samplePasswords.map { ExternalTools.passlib("bcrypt", $0, ["rounds": 4, "ident": .string(ident)]) }
            + samplePasswords.map { ExternalTools.passlib("ldap_bcrypt", $0, ["rounds": 5, "ident": .string(ident)]) }
        let stored = try ExternalTools.hashes(requests)
        #expect(stored.suffix(samplePasswords.count).allSatisfy { $0.hasPrefix("{CRYPT}$\(ident)$05$") })
        try expectVerifies(stored, passwords: samplePasswords + samplePasswords, scheme: .bcrypt)
    }

    @Test func passwordsBeyondSeventyTwoBytesAreTruncated() throws {
        let password = Self.longPassword
        #expect(password.utf8.count == 80)
        let stored = try ExternalTools.hashes([ExternalTools.pyBcrypt(password)])[0]
        let hash = try LegacyPasswordHash(parsing: stored)
        #expect(hash.verify(password))
        // Same first 72 bytes, different tail: bcrypt cannot tell them apart.
        #expect(hash.verify(String(password.utf8.prefix(72)).map { String($0) } ?? ""))
        #expect(hash.verify(String(repeating: "é", count: 30) + String(repeating: "z", count: 12) + "another tail"))
        // Differ inside the first 72 bytes: refused.
        #expect(!hash.verify("x" + password.dropFirst()))
    }

    @Test func exactlySeventyOneAndSeventyTwoBytes() throws {
        // 71 bytes keeps the terminating NUL inside the key; 72 drops it.
        let p71 = String(repeating: "a", count: 71), p72 = String(repeating: "a", count: 72)
        let stored = try ExternalTools.hashes([ExternalTools.pyBcrypt(p71), ExternalTools.pyBcrypt(p72)])
        let h71 = try LegacyPasswordHash(parsing: stored[0]), h72 = try LegacyPasswordHash(parsing: stored[1])
        #expect(h71.verify(p71) && !h71.verify(p72))
        #expect(h72.verify(p72) && h72.verify(p72 + "tail") && !h72.verify(p71))
    }

    @Test func twoYPrefixIsAccepted() throws {
        let stored = try ExternalTools.hashes([ExternalTools.pyBcrypt("élève")])[0]
        let php = stored.replacingOccurrences(of: "$2b$", with: "$2y$")
        #expect(try LegacyPasswordHash(parsing: php).verify("élève"))
        #expect(try !LegacyPasswordHash(parsing: php).verify("eleve"))
    }

    @Test func costAboveLimitIsRefused() {
        let text = "$2b$17$" + String(repeating: "a", count: 53)
        #expect(throws: LegacyHashError.costTooHigh(scheme: "$2b$", cost: 17, limit: 16)) {
            try LegacyPasswordHash(parsing: text)
        }
        #expect(throws: LegacyHashError.costTooHigh(scheme: "{CRYPT}$2a$", cost: 12, limit: 11)) {
            try LegacyPasswordHash(parsing: "{CRYPT}$2a$12$" + String(repeating: "a", count: 53), limits: LegacyHashLimits(maximumBcryptCost: 11))
        }
    }

    @Test(arguments: [
        "$2b$4$" + String(repeating: "a", count: 53),
        "$2b$03$" + String(repeating: "a", count: 53),
        "$2b$10$" + String(repeating: "a", count: 52),
        "$2b$10$" + String(repeating: "!", count: 53),
    ])
    func malformedValuesAreRefused(text: String) {
        do {
            _ = try LegacyPasswordHash(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            guard case .malformed = error else { Issue.record("expected malformed, got \(error)"); return }
        }
    }

    @Test func radix64RoundTrips() {
        let bytes: [UInt8] = (0..<23).map { UInt8($0 * 11 & 0xff) }
        let text = CryptBase64.bcryptEncode(bytes)
        #expect(text.count == 31)
        #expect(CryptBase64.bcryptDecode(Substring(String(decoding: text, as: UTF8.self)), byteCount: 23) == bytes)
    }
}
