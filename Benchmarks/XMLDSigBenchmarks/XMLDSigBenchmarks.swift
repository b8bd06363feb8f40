// Throughput of the XMLDSig module against raw OpenSSL baselines.
//
//   (1) raw RSA-2048 PKCS#1 v1.5 SHA-256 sign (EVP_DigestSign) of a 3 KB buffer
//   (2) XMLSigner: parse + sign + serialize one typical assertion
//   (3) raw RSA-2048 SHA-256 verify (EVP_DigestVerify) of a 3 KB buffer
//   (4) SignatureVerifier: verify one signed Response
//
// Targets: (2) >= 80 % of (1) per second, (4) >= 50 % of (3).

import Benchmark
import Foundation
import COpenSSL
import XMLDSig

// MARK: Fixtures (built once, outside the measured loops)

enum Fixture {
    static let assertionID = "_a1b2c3d4e5f60718293a4b5c6d7e8f90"
    static let responseID = "_r9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    static let samlNS = "urn:oasis:names:tc:SAML:2.0:assertion"

    static func assertion(declareNamespace: Bool) -> String {
        let attributes: [(String, String, [String])] = [
            ("urn:oid:0.9.2342.19200300.100.1.1", "uid", ["jdupont"]),
            ("urn:oid:2.5.4.42", "givenName", ["Jeanne"]),
            ("urn:oid:2.5.4.4", "sn", ["Dupont"]),
            ("urn:oid:0.9.2342.19200300.100.1.3", "mail", ["jeanne.dupont@ac-exemple.fr"]),
            ("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "eduPersonAffiliation", ["member", "staff"]),
            ("urn:oid:1.3.6.1.4.1.7135.1.2.1.14", "FrEduRne", ["0751234A$UAJ$PU$N$T3$LYC$340"]),
            ("urn:oid:2.16.840.1.113730.3.1.241", "displayName", ["Jeanne Dupont"]),
            ("urn:oid:1.3.6.1.4.1.20161.1.1", "ENTPersonProfils", ["National_ENS"]),
        ]
        var attrXML = ""
        for (oid, friendly, values) in attributes {
            attrXML += "<saml:Attribute Name=\"\(oid)\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\" FriendlyName=\"\(friendly)\">"
            for v in values {
                attrXML += "<saml:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">\(v)</saml:AttributeValue>"
            }
            attrXML += "</saml:Attribute>"
        }
        let ns = declareNamespace ? " xmlns:saml=\"\(samlNS)\"" : ""
        return "<saml:Assertion\(ns) ID=\"\(assertionID)\" IssueInstant=\"2026-03-01T08:30:00Z\" Version=\"2.0\">"
            + "<saml:Issuer>https://idp.sesame.test/saml/metadata</saml:Issuer>"
            + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\" SPNameQualifier=\"https://sp.ent.test/saml\">user@example.org</saml:NameID>"
            + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData InResponseTo=\"_req42\" NotOnOrAfter=\"2026-03-01T08:35:00Z\" Recipient=\"https://sp.ent.test/saml/acs\"/></saml:SubjectConfirmation></saml:Subject>"
            + "<saml:Conditions NotBefore=\"2026-03-01T08:29:30Z\" NotOnOrAfter=\"2026-03-01T08:35:00Z\"><saml:AudienceRestriction><saml:Audience>https://sp.ent.test/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
            + "<saml:AuthnStatement AuthnInstant=\"2026-03-01T08:30:00Z\" SessionIndex=\"_s7f3c9\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            + "<saml:AttributeStatement>\(attrXML)</saml:AttributeStatement></saml:Assertion>"
    }

    static func response(assertion: String) -> String {
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"\(samlNS)\" ID=\"\(responseID)\" InResponseTo=\"_req42\" IssueInstant=\"2026-03-01T08:30:00Z\" Destination=\"https://sp.ent.test/saml/acs\" Version=\"2.0\">"
            + "<saml:Issuer>https://idp.sesame.test/saml/metadata</saml:Issuer>"
            + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
            + assertion + "</samlp:Response>"
    }

    static let generated = try! CertificateGenerator.generate(commonName: "bench.sesame.test", validityYears: 1)
    static let key = try! PrivateKey(pem: generated.privateKeyPEM)
    static let certificate = try! Certificate(pem: generated.certificatePEM)
    static let signer = try! XMLSigner(privateKey: key, certificate: certificate)
    static let verifier = try! SignatureVerifier(trustedCertificates: [certificate])

    static let assertionXML = assertion(declareNamespace: true)
    /// Response signed at Response level (the assertion inside is covered).
    static let signedResponse = try! signer.sign(response(assertion: assertion(declareNamespace: false)), elementIDs: [responseID])
    /// Response with both the assertion and the response signed.
    static let doublySignedResponse = try! signer.sign(response(assertion: assertion(declareNamespace: false)),
                                                       elementIDs: [assertionID, responseID])
    /// 3 KB of bytes for the raw baselines.
    static let buffer: [UInt8] = Array(assertionXML.utf8.prefix(3072))
}

// MARK: Raw OpenSSL baselines: the PEM is parsed once, as a real service would.

final class RawKeys: @unchecked Sendable {
    let privateKey: OpaquePointer
    let publicKey: OpaquePointer
    init(privatePEM: String, certificatePEM: String) {
        privateKey = privatePEM.withCString { pem in
            let bio = BIO_new_mem_buf(pem, -1)!
            defer { BIO_free(bio) }
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)!
        }
        publicKey = certificatePEM.withCString { pem in
            let bio = BIO_new_mem_buf(pem, -1)!
            defer { BIO_free(bio) }
            let x509 = PEM_read_bio_X509(bio, nil, nil, nil)!
            defer { X509_free(x509) }
            return X509_get_pubkey(x509)!
        }
        signatureStorage = RawKeys.sign(privateKey, Fixture.buffer)
    }

    private(set) var signatureStorage: [UInt8] = []

    static func sign(_ key: OpaquePointer, _ data: [UInt8]) -> [UInt8] {
        let ctx = EVP_MD_CTX_new()!
        defer { EVP_MD_CTX_free(ctx) }
        precondition(EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, key) == 1)
        var length = 512
        var out = [UInt8](repeating: 0, count: length)
        precondition(EVP_DigestSign(ctx, &out, &length, data, data.count) == 1)
        return Array(out.prefix(length))
    }

    static func verify(_ key: OpaquePointer, _ signature: [UInt8], _ data: [UInt8]) -> Bool {
        let ctx = EVP_MD_CTX_new()!
        defer { EVP_MD_CTX_free(ctx) }
        precondition(EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, key) == 1)
        return EVP_DigestVerify(ctx, signature, signature.count, data, data.count) == 1
    }

    deinit {
        EVP_PKEY_free(privateKey)
        EVP_PKEY_free(publicKey)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        // Malloc counting (MallocInterposer) taxes every allocation and the
        // module allocates far more than the raw baselines; enable it with
        // XMLDSIG_BENCH_MALLOC=1 to see counts, not for the throughput figures.
        metrics: ProcessInfo.processInfo.environment["XMLDSIG_BENCH_MALLOC"] == nil
            ? [.throughput, .wallClock] : [.throughput, .wallClock, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 20,
        maxDuration: .seconds(5),
        maxIterations: 1_000_000
    )
    let raw = RawKeys(privatePEM: Fixture.generated.privateKeyPEM, certificatePEM: Fixture.generated.certificatePEM)
    precondition(RawKeys.verify(raw.publicKey, raw.signatureStorage, Fixture.buffer))
    precondition((try? Fixture.verifier.verify(Fixture.signedResponse)) != nil)

    Benchmark("1 raw RSA-2048 SHA-256 sign 3KB (EVP_DigestSign)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RawKeys.sign(raw.privateKey, Fixture.buffer))
        }
    }

    Benchmark("2 XMLSigner sign assertion (parse+sign+serialize)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Fixture.signer.sign(Fixture.assertionXML, elementIDs: [Fixture.assertionID]))
        }
    }

    Benchmark("3 raw RSA-2048 SHA-256 verify 3KB (EVP_DigestVerify)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(RawKeys.verify(raw.publicKey, raw.signatureStorage, Fixture.buffer))
        }
    }

    Benchmark("4 SignatureVerifier verify signed Response") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Fixture.verifier.verify(Fixture.signedResponse))
        }
    }

    Benchmark("5 verify Response + Assertion (both signed)") { benchmark in
        for _ in benchmark.scaledIterations {
            let response = try Fixture.verifier.verify(Fixture.doublySignedResponse)
            let assertion = try response.element.uniqueChild(named: "Assertion", namespaceURI: Fixture.samlNS)
            blackHole(try Fixture.verifier.verify(assertion))
        }
    }
}
