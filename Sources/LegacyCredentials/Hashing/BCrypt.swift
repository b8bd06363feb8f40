import Primitives

/// bcrypt (`$2a$`, `$2b$`, `$2y$`), per Provos & Mazières. All three tags are
/// verified with `$2b$` semantics: the key is the password's bytes plus a
/// terminating NUL, truncated to 72 bytes. (`$2a$` only differed from `$2b$`
/// in OpenBSD for passwords over 255 bytes; `$2y$` is PHP's name for `$2b$`.)
struct BCrypt: Equatable, Sendable {
    static let minimumCost = 4
    static let maximumKeyLength = 72
    private static let saltTextLength = 22
    private static let hashTextLength = 31
    private static let magicText = Array("OrpheanBeholderScryDoubt".utf8)

    let cost: Int
    let salt: [UInt8]
    let hash: [UInt8]

    /// `body` is what follows `$2b$`: `NN$` + 22 salt chars + 31 hash chars.
    init(body: Substring, scheme: String, maximumCost: Int) throws(LegacyHashError) {
        let fields = body.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].count == 2, fields[0].allSatisfy(\.isASCIIDigit), let cost = Int(fields[0]) else {
            throw .malformed(scheme: scheme, detail: "expected two-digit cost")
        }
        guard cost >= BCrypt.minimumCost else { throw .malformed(scheme: scheme, detail: "cost below \(BCrypt.minimumCost)") }
        guard cost <= maximumCost else { throw .costTooHigh(scheme: scheme, cost: cost, limit: maximumCost) }
        let text = fields[1]
        guard text.utf8.count == BCrypt.saltTextLength + BCrypt.hashTextLength,
              let salt = CryptBase64.bcryptDecode(text.prefix(BCrypt.saltTextLength), byteCount: 16),
              let hash = CryptBase64.bcryptDecode(text.dropFirst(BCrypt.saltTextLength), byteCount: 23) else {
            throw .malformed(scheme: scheme, detail: "invalid salt or hash text")
        }
        self.cost = cost
        self.salt = salt
        self.hash = hash
    }

    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equal(BCrypt.compute(password: password, salt: salt, cost: cost), hash)
    }

    /// The 23 hash bytes that bcrypt encodes (the 24th is dropped by design).
    static func compute(password: [UInt8], salt: [UInt8], cost: Int) -> [UInt8] {
        let key = Array((password + [0]).prefix(maximumKeyLength))

        // EksBlowfishSetup: salted expansion, then 2^cost alternating rounds.
        var state = Blowfish()
        state.expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            state.expand(key: key, salt: nil)
            state.expand(key: salt, salt: nil)
        }

        // Encrypt the magic text 64 times in ECB mode.
        var words = (0..<6).map { index in
            magicText[(index * 4)..<(index * 4 + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        for _ in 0..<64 {
            for block in stride(from: 0, to: 6, by: 2) {
                (words[block], words[block + 1]) = state.encrypt(words[block], words[block + 1])
            }
        }
        let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        return Array(bytes.prefix(23))
    }
}
