import Testing
@testable import LegacyCredentials

/// Passwords every scheme is checked with: ASCII, accents, umlauts, empty.
let samplePasswords = ["Soleil2024!", "élève-été", "Grüße ü", ""]

/// Each stored hash must verify its own password, parse as `scheme`, and
/// reject a wrong password (a one-character change, and the empty one).
func expectVerifies(_ stored: [String], passwords: [String], scheme: LegacyPasswordHash.Scheme,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(stored.count == passwords.count, sourceLocation: sourceLocation)
    for (text, password) in zip(stored, passwords) {
        let hash = try LegacyPasswordHash(parsing: text)
        #expect(hash.scheme == scheme, "\(text)", sourceLocation: sourceLocation)
        #expect(hash.verify(password), "right password refused for \(text)", sourceLocation: sourceLocation)
        #expect(!hash.verify(password + "x"), "wrong password accepted for \(text)", sourceLocation: sourceLocation)
        let other = password.isEmpty ? " " : ""
        #expect(!hash.verify(other), "other password accepted for \(text)", sourceLocation: sourceLocation)
    }
}
