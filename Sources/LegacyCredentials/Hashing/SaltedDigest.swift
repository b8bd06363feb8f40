import Primitives
import Foundation

/// RFC 2307-style salted digests: `{SSHA}`, `{SSHA256}`, `{SSHA512}`, whose
/// value is base64(H(password ‖ salt) ‖ salt).
struct SaltedDigest: Equatable, Sendable {
    /// Shorter salts are too weak to be worth carrying over, and are more
    /// likely a truncated export than a real hash.
    static let minimumSaltLength = 4
    /// No real implementation uses more; a bound keeps work per login small.
    static let maximumSaltLength = 64

    let algorithm: DigestAlgorithm
    let digest: [UInt8]
    let salt: [UInt8]

    init(algorithm: DigestAlgorithm, base64 text: Substring, scheme: String) throws(LegacyHashError) {
        guard let decoded = Data(base64Encoded: String(text)) else {
            throw .malformed(scheme: scheme, detail: "invalid base64")
        }
        let bytes = [UInt8](decoded)
        let saltLength = bytes.count - algorithm.outputSize
        guard saltLength >= SaltedDigest.minimumSaltLength, saltLength <= SaltedDigest.maximumSaltLength else {
            throw .malformed(scheme: scheme, detail: "salt length \(saltLength) outside \(SaltedDigest.minimumSaltLength)...\(SaltedDigest.maximumSaltLength)")
        }
        self.algorithm = algorithm
        self.digest = Array(bytes.prefix(algorithm.outputSize))
        self.salt = Array(bytes.suffix(saltLength))
    }

    func verify(_ password: [UInt8]) -> Bool {
        ConstantTime.equal(Digester.digest(algorithm, password, salt), digest)
    }
}
