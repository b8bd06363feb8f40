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
import XMLDSigFixture

// MARK: Fixtures (built once, outside the measured loops)

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

    // The signature check alone, on a Response the caller already parsed
    // (as the SAML layer does): parsing is libxml2's, measured in (4).
    let parsedResponse = try! XMLDocument(parsing: Fixture.signedResponse)
    Benchmark("4b SignatureVerifier verify parsed Response") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Fixture.verifier.verify(parsedResponse.root))
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
