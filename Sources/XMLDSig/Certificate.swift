import Primitives

internal import COpenSSL

/// Owns one X509 object.
final class X509Box: @unchecked Sendable {
    let x509: OpaquePointer
    init(_ x509: OpaquePointer) { self.x509 = x509 }
    deinit { X509_free(x509) }
}

/// An X.509 certificate, parsed once, with its public key extracted once.
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
    let box: X509Box
    /// DER encoding, as found in ds:X509Certificate.
    public let der: [UInt8]
    public let publicKey: PublicKey
    /// Base64 DER, as written into ds:X509Certificate (computed once).
    public let base64DER: String

    public init(der: [UInt8]) throws(XMLSignatureError) {
        var parsed: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            parsed = d2i_X509(nil, &p, buffer.count)
        }
        guard let x509 = parsed else { throw .invalidCertificate("cannot read DER: \(OpenSSL.drainErrors())") }
        try self.init(owning: x509)
    }

    /// Reads the first certificate of a PEM text.
    public init(pem: String) throws(XMLSignatureError) {
        let all = try Certificate.certificates(fromPEM: pem)
        self = all[0]
    }

    /// Reads every certificate of a PEM text (a chain file, say).
    public static func certificates(fromPEM pem: String) throws(XMLSignatureError) -> [Certificate] {
        var result: [Certificate] = []
        let bytes = Array(pem.utf8)
        var failure: XMLSignatureError?
        _ = OpenSSL.withReadBIO(bytes) { bio in
            while let x509 = PEM_read_bio_X509(bio, nil, sesame_pem_password_cb, nil) {
                do throws(XMLSignatureError) {
                    result.append(try Certificate(owning: x509))
                } catch {
                    failure = error
                    return
                }
            }
        }
        // Reading stops with a "no start line" error at the end of input.
        ERR_clear_error()
        if let failure { throw failure }
        guard !result.isEmpty else { throw .invalidCertificate("no certificate in PEM text") }
        return result
    }

    /// Accepts the base64 text of a ds:X509Certificate element.
    public init(base64DER: String) throws(XMLSignatureError) {
        guard let der = Base64.decode(base64DER) else { throw .invalidCertificate("bad base64") }
        try self.init(der: der)
    }

    private init(owning x509: OpaquePointer) throws(XMLSignatureError) {
        let box = X509Box(x509)
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(x509, &out)
        guard length > 0, let out else { throw .invalidCertificate("cannot encode DER: \(OpenSSL.drainErrors())") }
        let der = Array(UnsafeBufferPointer(start: out, count: Int(length)))
        sesame_openssl_free(out)
        guard let pkey = X509_get_pubkey(x509) else {
            throw .invalidCertificate("no usable public key: \(OpenSSL.drainErrors())")
        }
        self.box = box
        self.der = der
        self.publicKey = PublicKey(owning: pkey)
        self.base64DER = Base64.encode(der)
    }

    public var pem: String {
        let bytes = OpenSSL.writeToMemory { bio in PEM_write_bio_X509(bio, box.x509) } ?? []
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Subject in RFC 2253 form, e.g. "CN=idp.example.org".
    public var subject: String {
        let bytes = OpenSSL.writeToMemory { bio in
            X509_NAME_print_ex(bio, X509_get_subject_name(box.x509), 0, sesame_xn_flag_rfc2253()) >= 0 ? 1 : 0
        } ?? []
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Validity bounds, in seconds since 1970 (UTC).
    public var notBefore: Int64 { Certificate.epochSeconds(X509_get0_notBefore(box.x509)) }
    public var notAfter: Int64 { Certificate.epochSeconds(X509_get0_notAfter(box.x509)) }

    /// SHA-256 of the DER, the usual way to pin a certificate.
    public var sha256Fingerprint: [UInt8] { (try? OpenSSL.digest(.sha256, der)) ?? [] }

    private static func epochSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64 {
        guard let time else { return 0 }
        var days: Int32 = 0, seconds: Int32 = 0
        guard let epoch = ASN1_TIME_set(nil, 0) else { return 0 }
        defer { ASN1_TIME_free(epoch) }
        guard ASN1_TIME_diff(&days, &seconds, epoch, time) == 1 else { return 0 }
        return Int64(days) * 86_400 + Int64(seconds)
    }

    public static func == (lhs: Certificate, rhs: Certificate) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }
    public var description: String { "Certificate(\(subject))" }
}
