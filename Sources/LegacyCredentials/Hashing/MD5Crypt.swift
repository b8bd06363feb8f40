import Primitives

/// MD5-crypt (`$1$`), Poul-Henning Kamp's FreeBSD algorithm.
struct MD5Crypt: Equatable, Sendable {
    static let maximumSaltLength = 8
    static let encodedLength = 22
    private static let magic = Array("$1$".utf8)

    let salt: [UInt8]
    let encodedHash: [UInt8]

    /// `body` is what follows `$1$`: `salt$hash`.
    init(body: Substring, scheme: String) throws(LegacyHashError) {
        let fields = body.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 2 else { throw .malformed(scheme: scheme, detail: "expected salt$hash") }
        guard fields[0].utf8.count <= MD5Crypt.maximumSaltLength,
              !fields[0].utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 < 0x20 }) else {
            throw .malformed(scheme: scheme, detail: "invalid salt")
        }
        guard fields[1].utf8.count == MD5Crypt.encodedLength, CryptBase64.isCryptText(fields[1]) else {
            throw .malformed(scheme: scheme, detail: "invalid hash length or alphabet")
        }
        salt = Array(fields[0].utf8)
        encodedHash = Array(fields[1].utf8)
    }

    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equal(MD5Crypt.compute(password: password, salt: salt), encodedHash)
    }

    static func compute(password: [UInt8], salt: [UInt8]) -> [UInt8] {
        let digester = Digester(.md5)

        digester.update(password); digester.update(salt); digester.update(password)
        let alternate = digester.finish()

        digester.update(password); digester.update(magic); digester.update(salt)
        var remaining = password.count
        while remaining > 0 {
            digester.update(alternate.prefix(min(remaining, 16)))
            remaining -= 16
        }
        // A historical quirk: for each bit of the length, a NUL byte when set,
        // the first password byte when clear.
        var length = password.count
        while length > 0 {
            digester.update(length & 1 == 1 ? [0] : [password[0]])
            length >>= 1
        }
        var digest = digester.finish()

        // 1000 fixed rounds; the cost cannot be raised.
        for round in 0..<1000 {
            let odd = round & 1 == 1
            digester.update(odd ? password : digest)
            if round % 3 != 0 { digester.update(salt) }
            if round % 7 != 0 { digester.update(password) }
            digester.update(odd ? digest : password)
            digest = digester.finish()
        }

        var output: [UInt8] = []
        for (a, b, c) in [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)] {
            CryptBase64.appendCryptGroup(digest[a], digest[b], digest[c], count: 4, to: &output)
        }
        CryptBase64.appendCryptGroup(0, 0, digest[11], count: 2, to: &output)
        return output
    }
}
