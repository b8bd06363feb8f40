import Foundation
import Testing
import SesameTestSupport
@testable import XMLDSig
import Primitives

@Suite struct KeyMaterialTests {
    @Test func generatorProducesUsableRSAKeyAndCertificate() throws {
        let generated = try CertificateGenerator.generate(commonName: "idp.ac-exemple.fr", validityYears: 3, algorithm: .rsa(bits: 3072))
        #expect(generated.privateKeyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(generated.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let key = try PrivateKey(pem: generated.privateKeyPEM)
        let cert = try Certificate(pem: generated.certificatePEM)
        #expect(key.type == .rsa(bits: 3072))
        #expect(cert.subject == "CN=idp.ac-exemple.fr")
        let years = Double(cert.notAfter - cert.notBefore) / (365.25 * 86_400)
        #expect(abs(years - 3) < 0.01)
        #expect(cert.publicKey == key.publicKey)
        // openssl agrees the certificate is well-formed and self-signed.
        let dir = TempDir()
        let path = dir.write("cert.pem", generated.certificatePEM)
        let check = try Tool.run("openssl", ["verify", "-CAfile", path, "-check_ss_sig", path])
        #expect(check.status == 0, "openssl verify: \(check.stdout) \(check.stderr)")
    }

    @Test func rejectsSmallRSA() {
        expectErrorCase({ if case .invalidKey = $0 { true } else { false } }, "invalidKey") {
            _ = try CertificateGenerator.generate(commonName: "x", algorithm: .rsa(bits: 1024))
        }
    }

    func opensslKey(_ arguments: [String], in dir: TempDir) throws -> String {
        let out = dir.url.appendingPathComponent("k-\(UUID().uuidString).pem").path
        let result = try Tool.run("openssl", [arguments[0], "-out", out] + arguments.dropFirst())
        #expect(result.status == 0, "openssl: \(result.stderr)")
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    @Test func loadsTraditionalAndPKCS8Keys() throws {
        let dir = TempDir()
        let traditionalRSA = try opensslKey(["genrsa", "-traditional", "2048"], in: dir)
        #expect(traditionalRSA.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try PrivateKey(pem: traditionalRSA).type == .rsa(bits: 2048))

        let ec = try opensslKey(["ecparam", "-name", "prime256v1", "-genkey", "-noout"], in: dir)
        #expect(ec.hasPrefix("-----BEGIN EC PRIVATE KEY-----"))
        #expect(try PrivateKey(pem: ec).type == .ec(curve: "prime256v1"))

        let pkcs8 = try opensslKey(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], in: dir)
        #expect(pkcs8.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        _ = try PrivateKey(pem: pkcs8)

        let encrypted = try opensslKey(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                                        "-aes-256-cbc", "-pass", "pass:s3cret"], in: dir)
        #expect(encrypted.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        _ = try PrivateKey(pem: encrypted, password: "s3cret")
        // Without the password: an error, never a terminal prompt.
        expectErrorCase({ if case .invalidKey = $0 { true } else { false } }, "invalidKey") {
            _ = try PrivateKey(pem: encrypted)
        }
    }

    @Test func rejectsGarbage() {
        expectErrorCase({ if case .invalidKey = $0 { true } else { false } }, "invalidKey") { _ = try PrivateKey(pem: "nope") }
        expectErrorCase({ if case .invalidCertificate = $0 { true } else { false } }, "invalidCertificate") { _ = try Certificate(pem: "nope") }
        expectErrorCase({ if case .invalidCertificate = $0 { true } else { false } }, "invalidCertificate") { _ = try Certificate(der: [1, 2, 3]) }
    }

    @Test func certificateChainAndRoundTrips() throws {
        let chain = try Certificate.certificates(fromPEM: Keys.idp.certificatePEM + Keys.sp.certificatePEM)
        #expect(chain == [Keys.idp.certificate, Keys.sp.certificate])
        #expect(try Certificate(base64DER: Keys.idp.certificate.base64DER) == Keys.idp.certificate)
        #expect(try Certificate(pem: Keys.idp.certificate.pem) == Keys.idp.certificate)
        #expect(try PublicKey(pem: Keys.idp.key.publicKey.pem) == Keys.idp.certificate.publicKey)
        #expect(Keys.idp.certificate.sha256Fingerprint.count == 32)
    }

    @Test func rawSignaturesMatchOpenSSL() throws {
        let data = Array("hello".utf8)
        let signature = try Keys.idp.key.signature(for: data, algorithm: .rsaSHA256)
        #expect(Keys.idp.certificate.publicKey.isValidSignature(signature, for: data, algorithm: .rsaSHA256))
        #expect(!Keys.idp.certificate.publicKey.isValidSignature(signature, for: Array("hellp".utf8), algorithm: .rsaSHA256))
        let ecSignature = try Keys.ec.key.signature(for: data, algorithm: .ecdsaSHA256)
        #expect(ecSignature.count == 64)
        #expect(Keys.ec.certificate.publicKey.isValidSignature(ecSignature, for: data, algorithm: .ecdsaSHA256))
        expectErrorCase({ if case .keyAlgorithmMismatch = $0 { true } else { false } }, "keyAlgorithmMismatch") {
            _ = try Keys.ec.key.signature(for: data, algorithm: .rsaSHA256)
        }
    }

    @Test func base64() {
        for n in 0..<20 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = Base64.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString())
            #expect(Base64.decode(text) == bytes)
        }
        #expect(Base64.decode("aGVs\nbG8=\r\n") == Array("hello".utf8))
        #expect(Base64.decode("aGVsbG8") == nil)
        #expect(Base64.decode("aGVsbG8=aGVs") == nil)
        #expect(Base64.decode("aGV*bG8=") == nil)
    }
}
