import XMLDSig
import XMLDSigFixture
// Leak loop for valgrind: every path that allocates in libxml2/OpenSSL.
let generated = try CertificateGenerator.generate(commonName: "leak.test", validityYears: 1)
let key = try PrivateKey(pem: generated.privateKeyPEM)
let cert = try Certificate(pem: generated.certificatePEM)
let signer = try XMLSigner(privateKey: key, certificate: cert)
let verifier = try SignatureVerifier(trustedCertificates: [cert])
let signed = try signer.sign(Fixture.response(assertion: Fixture.assertion(declareNamespace: false)),
                             elementIDs: [Fixture.assertionID, Fixture.responseID])
let tampered = String(signed.split(separator: ">Jeanne<", maxSplits: 1, omittingEmptySubsequences: false).joined(separator: ">Jeannf<"))
let encrypted = try XMLEncryptor(recipient: cert).encryptAssertions(inResponse: signed)
let decryptor = try XMLDecryptor(privateKey: key)
let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 200
var failures = 0
for _ in 0..<iterations {
    let response = try verifier.verify(signed)
    let assertion = try response.element.uniqueChild(named: "Assertion", namespaceURI: Fixture.samlNS)
    _ = try verifier.verify(assertion)
    do { _ = try verifier.verify(tampered) } catch { failures += 1 }
    do { _ = try XMLDocument(parsing: "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>") } catch { failures += 1 }
    do { _ = try XMLDocument(parsing: "<a><b></a>") } catch { failures += 1 }
    let decrypted = try decryptor.decryptAssertions(inResponse: encrypted)
    _ = try verifier.verify(decrypted.root.uniqueChild(named: "Assertion", namespaceURI: Fixture.samlNS))
    _ = try signer.sign(Fixture.assertionXML, elementIDs: [Fixture.assertionID])
    let query = try RedirectBindingSignature.signedQuery(kind: .request, message: "abc", relayState: "r", key: key)
    _ = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [cert])
    _ = try Certificate(pem: generated.certificatePEM)
    _ = try PrivateKey(pem: generated.privateKeyPEM)
}
print("iterations \(iterations), expected failures \(failures)")
