import COpenSSL

/// The message digests the legacy schemes are built on, all taken from OpenSSL.
enum DigestAlgorithm: Sendable {
    case md5, sha1, sha256, sha512

    var outputSize: Int {
        switch self {
        case .md5: return 16
        case .sha1: return 20
        case .sha256: return 32
        case .sha512: return 64
        }
    }

    fileprivate var evp: OpaquePointer? {
        switch self {
        case .md5: return EVP_md5()
        case .sha1: return EVP_sha1()
        case .sha256: return EVP_sha256()
        case .sha512: return EVP_sha512()
        }
    }
}

/// A reusable streaming digest. The crypt schemes hash thousands of short
/// messages per verification, so one OpenSSL context is kept and re-initialised
/// instead of being allocated per message.
final class Digester {
    private let algorithm: DigestAlgorithm
    private let context: OpaquePointer

    init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        // Allocation only fails when the process is out of memory.
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
        self.context = context
        reset()
    }

    deinit { EVP_MD_CTX_free(context) }

    func reset() {
        precondition(EVP_DigestInit_ex(context, algorithm.evp, nil) == 1, "EVP_DigestInit_ex failed")
    }

    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    func update(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Returns the digest and leaves the context ready for a new message.
    func finish() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: algorithm.outputSize)
        var length: UInt32 = 0
        let status = output.withUnsafeMutableBufferPointer {
            EVP_DigestFinal_ex(context, $0.baseAddress, &length)
        }
        precondition(status == 1 && Int(length) == algorithm.outputSize, "EVP_DigestFinal_ex failed")
        reset()
        return output
    }

    /// One-shot digest of the concatenation of `parts`.
    static func digest(_ algorithm: DigestAlgorithm, _ parts: [UInt8]...) -> [UInt8] {
        let digester = Digester(algorithm)
        for part in parts { digester.update(part) }
        return digester.finish()
    }
}
