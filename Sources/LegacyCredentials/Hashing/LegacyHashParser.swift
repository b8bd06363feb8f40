/// Turns the stored text into an algorithm with validated parameters.
enum LegacyHashParser {
    /// RFC 2307 tags deliberately refused: unsalted digests fall to lookup
    /// tables, and carrying them over would launder weak credentials.
    private static let refusedTags: Set<String> = ["SHA", "SHA256", "SHA384", "SHA512", "MD5", "SMD5", "CLEARTEXT", "PLAIN", "SSHA384"]

    static func parse(_ stored: String, limits: LegacyHashLimits) throws(LegacyHashError) -> LegacyPasswordHash.Algorithm {
        let text = Substring(stored.trimmingASCIIWhitespace())
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= limits.maximumHashLength else {
            throw .malformed(scheme: schemeLabel(of: text), detail: "longer than \(limits.maximumHashLength) bytes")
        }

        if text.hasPrefix("{") {
            guard let close = text.firstIndex(of: "}") else { throw .unknownScheme(String(text.prefix(12))) }
            let tag = text[text.index(after: text.startIndex)..<close].uppercased()
            let rest = text[text.index(after: close)...]
            switch tag {
            case "SSHA": return .salted(try SaltedDigest(algorithm: .sha1, base64: rest, scheme: "{SSHA}"))
            case "SSHA256": return .salted(try SaltedDigest(algorithm: .sha256, base64: rest, scheme: "{SSHA256}"))
            case "SSHA512": return .salted(try SaltedDigest(algorithm: .sha512, base64: rest, scheme: "{SSHA512}"))
            case "CRYPT": return try parseCrypt(rest, prefix: "{CRYPT}", limits: limits)
            default:
                if refusedTags.contains(tag) { throw .unsupportedScheme("{\(tag)}") }
                throw .unknownScheme("{\(tag.prefix(20))}")
            }
        }
        if text.hasPrefix("$") { return try parseCrypt(text, prefix: "", limits: limits) }
        throw .unknownScheme("(no scheme tag)")
    }

    /// Modular crypt format: `$id$...`.
    private static func parseCrypt(_ text: Substring, prefix: String, limits: LegacyHashLimits) throws(LegacyHashError) -> LegacyPasswordHash.Algorithm {
        guard text.hasPrefix("$") else {
            // Traditional DES crypt (13 characters, no `$`): 8-character passwords, 12-bit salt.
            if text.count == 13 { throw .unsupportedScheme("\(prefix)DES") }
            throw .malformed(scheme: prefix.isEmpty ? "crypt" : prefix, detail: "expected $id$")
        }
        let afterDollar = text.dropFirst()
        guard let end = afterDollar.firstIndex(of: "$") else {
            throw .malformed(scheme: "\(prefix)$", detail: "expected $id$")
        }
        let id = afterDollar[..<end]
        let body = afterDollar[afterDollar.index(after: end)...]
        let scheme = "\(prefix)$\(id.prefix(8))$"
        switch id {
        case "1": return .md5Crypt(try MD5Crypt(body: body, scheme: scheme))
        case "5": return .shaCrypt(try SHACrypt(variant: .sha256, body: body, scheme: scheme, maximumRounds: limits.maximumSHACryptRounds))
        case "6": return .shaCrypt(try SHACrypt(variant: .sha512, body: body, scheme: scheme, maximumRounds: limits.maximumSHACryptRounds))
        case "2a", "2b", "2y": return .bcrypt(try BCrypt(body: body, scheme: scheme, maximumCost: limits.maximumBcryptCost))
        case "2", "2x", "apr1", "y", "gy", "7", "sha1", "md5", "3":
            // Known crypt identifiers this module does not implement.
            throw .unsupportedScheme(scheme)
        default:
            throw .unknownScheme(scheme)
        }
    }

    /// A short, secret-free label for error messages.
    private static func schemeLabel(of text: Substring) -> String {
        if text.hasPrefix("{"), let close = text.prefix(20).firstIndex(of: "}") {
            return String(text[...close]).uppercased()
        }
        return text.hasPrefix("$") ? String(text.prefix(4)) : "(no scheme tag)"
    }
}

extension StringProtocol {
    /// Trims spaces, tabs, CR and LF only: values are ASCII-framed.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
