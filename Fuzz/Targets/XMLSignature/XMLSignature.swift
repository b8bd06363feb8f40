import FuzzDriver
import FuzzSupport
import XMLDSig

/// The XML signature verifier on arbitrary bytes, trusting one fixed key
/// (the demo key of certs/, which signs the seeds).
let verifier = try! SignatureVerifier(trustedCertificates: [SAMLFixture.spCertificate])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    if let verified = try? verifier.verify(input) {
        // What is returned is what was signed: it serialises and has its ID.
        Property.check(!verified.element.serialized().isEmpty, "a verified element without content")
    }
    return 0
}

@_cdecl("FuzzXMLSignature_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
