import FuzzDriver
import FuzzSupport
import SAML

/// The SAMLRequest or SAMLResponse value of POST /saml/sso and /saml/slo
/// (HTTP-POST binding), after form decoding: mode 0 the value as sent
/// (base64 text); mode 1 raw XML that the target base64-encodes. The first
/// line of the payload, when there is one, is the RelayState.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (mode, payload) = FuzzInput(data, size).mode(of: 2)
    let (message, relayState) = FuzzInput.split(payload)
    let value = mode == 0 ? String(decoding: message, as: UTF8.self) : SAMLFixture.encodedPost(message)
    SAMLFixture.receiveAll(.post(message: value, relayState: relayState.isEmpty ? nil : String(decoding: relayState, as: UTF8.self)))
    return 0
}

@_cdecl("FuzzSAMLPost_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
