import Testing
@testable import LegacyCredentials

@Suite struct SaltedDigestTests {
    @Test(arguments: [
        ("ldap_salted_sha1", LegacyPasswordHash.Scheme.ssha),
        ("ldap_salted_sha256", .ssha256),
        ("ldap_salted_sha512", .ssha512),
    ])
    func passlibHashesVerify(handler: String, scheme: LegacyPasswordHash.Scheme) throws {
        // Salt sizes from the minimum accepted (4) to passlib's maximum (16).
        var requests: [ExternalTools.Request] = []
        var passwords: [String] = []
        for saltSize in [4, 8, 16] {
            for password in samplePasswords {
                requests.append(ExternalTools.passlib(handler, password, ["salt_size": .int(saltSize)]))
                passwords.append(password)
            }
        }
        try expectVerifies(try ExternalTools.hashes(requests), passwords: passwords, scheme: scheme)
    }

    @Test func schemeTagIsCaseInsensitive() throws {
        let stored = try ExternalTools.hashes([ExternalTools.passlib("ldap_salted_sha1", "abc")])[0]
        let lower = stored.replacingOccurrences(of: "{SSHA}", with: "{ssha}")
        #expect(lower != stored)
        #expect(try LegacyPasswordHash(parsing: lower).verify("abc"))
    }

    @Test func saltShorterThanFourBytesIsRefused() {
        // 20-byte SHA-1 digest + 3-byte salt = 23 bytes.
        let text = "{SSHA}" + [UInt8](repeating: 7, count: 23).base64
        #expect(throws: LegacyHashError.malformed(scheme: "{SSHA}", detail: "salt length 3 outside 4...64")) {
            try LegacyPasswordHash(parsing: text)
        }
    }

    @Test func invalidBase64IsMalformed() {
        #expect(throws: LegacyHashError.malformed(scheme: "{SSHA256}", detail: "invalid base64")) {
            try LegacyPasswordHash(parsing: "{SSHA256}not*base64")
        }
    }
}

extension Array where Element == UInt8 {
    var base64: String { Data(self).base64EncodedString() }
}

import Foundation
