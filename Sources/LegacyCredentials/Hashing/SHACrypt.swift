import Primitives

/// SHA-256-crypt (`$5$`) and SHA-512-crypt (`$6$`), following Ulrich Drepper's
/// "Unix crypt using SHA-256 and SHA-512" specification.
struct SHACrypt: Equatable, Sendable {
    enum Variant: Sendable {
        case sha256, sha512

        var algorithm: DigestAlgorithm { self == .sha256 ? .sha256 : .sha512 }
        var tag: String { self == .sha256 ? "$5$" : "$6$" }
        var encodedLength: Int { self == .sha256 ? 43 : 86 }
    }

    static let defaultRounds = 5000
    /// The specification raises smaller requests to this value.
    static let minimumRounds = 1000
    static let maximumSaltLength = 16

    let variant: Variant
    let rounds: Int
    let salt: [UInt8]
    let encodedHash: [UInt8]

    /// `body` is what follows `$5$` / `$6$`: `[rounds=N$]salt$hash`.
    init(variant: Variant, body: Substring, scheme: String, maximumRounds: Int) throws(LegacyHashError) {
        var fields = body.split(separator: "$", omittingEmptySubsequences: false)
        var rounds = SHACrypt.defaultRounds
        if let first = fields.first, first.hasPrefix("rounds=") {
            let digits = first.dropFirst("rounds=".count)
            // Digits only: no sign, no spaces; capped length keeps Int parsing safe.
            guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else {
                throw .malformed(scheme: scheme, detail: "invalid rounds")
            }
            guard value <= maximumRounds else {
                throw .costTooHigh(scheme: scheme, cost: value, limit: maximumRounds)
            }
            rounds = max(value, SHACrypt.minimumRounds)
            fields.removeFirst()
        }
        guard fields.count == 2 else { throw .malformed(scheme: scheme, detail: "expected salt$hash") }
        let salt = fields[0], hash = fields[1]
        guard salt.utf8.count <= SHACrypt.maximumSaltLength,
              !salt.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 < 0x20 }) else {
            throw .malformed(scheme: scheme, detail: "invalid salt")
        }
        guard hash.utf8.count == variant.encodedLength, CryptBase64.isCryptText(hash) else {
            throw .malformed(scheme: scheme, detail: "invalid hash length or alphabet")
        }
        self.variant = variant
        self.rounds = rounds
        self.salt = Array(salt.utf8)
        self.encodedHash = Array(hash.utf8)
    }

    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equal(SHACrypt.compute(variant: variant, password: password, salt: salt, rounds: rounds), encodedHash)
    }

    /// Returns the encoded hash part (no tag, rounds or salt).
    static func compute(variant: Variant, password: [UInt8], salt: [UInt8], rounds: Int) -> [UInt8] {
        let digester = Digester(variant.algorithm)
        let size = variant.algorithm.outputSize

        // Digest B = H(password salt password).
        digester.update(password); digester.update(salt); digester.update(password)
        let digestB = digester.finish()

        // Digest A = H(password salt B-stretched-to-password-length, then for
        // each bit of the password length: B if set, the password if clear).
        digester.update(password); digester.update(salt)
        digester.update(repeated(digestB, toLength: password.count))
        var length = password.count
        while length > 0 {
            digester.update(length & 1 == 1 ? digestB : password)
            length >>= 1
        }
        var digestA = digester.finish()

        // Sequence P: H(password repeated once per password byte), stretched.
        for _ in 0..<password.count { digester.update(password) }
        let sequenceP = repeated(digester.finish(), toLength: password.count)

        // Sequence S: H(salt repeated 16 + A[0] times), stretched to salt length.
        for _ in 0..<(16 + Int(digestA[0])) { digester.update(salt) }
        let sequenceS = repeated(digester.finish(), toLength: salt.count)

        // The deliberately slow part.
        for round in 0..<rounds {
            let odd = round & 1 == 1
            digester.update(odd ? sequenceP : digestA)
            if round % 3 != 0 { digester.update(sequenceS) }
            if round % 7 != 0 { digester.update(sequenceP) }
            digester.update(odd ? digestA : sequenceP)
            digestA = digester.finish()
        }

        return encode(digestA, variant: variant, size: size)
    }

    /// `source` repeated whole then truncated to `length` bytes.
    private static func repeated(_ source: [UInt8], toLength length: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(length)
        while output.count < length {
            output.append(contentsOf: source.prefix(length - output.count))
        }
        return output
    }

    // Byte order of the final encoding, as tabulated in the specification.
    private static let sha512Groups: [(Int, Int, Int)] = [
        (0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48),
        (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13),
        (56, 14, 35), (15, 36, 57), (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41),
    ]
    private static let sha256Groups: [(Int, Int, Int)] = [
        (0, 10, 20), (21, 1, 11), (12, 22, 2), (3, 13, 23), (24, 4, 14),
        (15, 25, 5), (6, 16, 26), (27, 7, 17), (18, 28, 8), (9, 19, 29),
    ]

    private static func encode(_ digest: [UInt8], variant: Variant, size: Int) -> [UInt8] {
        var output: [UInt8] = []
        let groups = variant == .sha512 ? sha512Groups : sha256Groups
        for (a, b, c) in groups {
            CryptBase64.appendCryptGroup(digest[a], digest[b], digest[c], count: 4, to: &output)
        }
        if variant == .sha512 {
            CryptBase64.appendCryptGroup(0, 0, digest[63], count: 2, to: &output)
        } else {
            CryptBase64.appendCryptGroup(0, digest[31], digest[30], count: 3, to: &output)
        }
        return output
    }
}
