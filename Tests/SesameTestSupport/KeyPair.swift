import XMLDSig

/// A key and its self-signed certificate, made once per test process with
/// XMLDSig's own generator: nothing secret is committed.
public struct KeyPair: Sendable {
    public let key: PrivateKey
    public let certificate: Certificate
    public let keyPEM: String
    public let certificatePEM: String

    public init(commonName: String, algorithm: CertificateGenerator.Algorithm = .rsa(bits: 2048)) {
        let generated = try! CertificateGenerator.generate(commonName: commonName, validityYears: 2, algorithm: algorithm)
        keyPEM = generated.privateKeyPEM
        certificatePEM = generated.certificatePEM
        key = try! PrivateKey(pem: keyPEM)
        certificate = try! Certificate(pem: certificatePEM)
    }
}
