import FuzzDriver
import FuzzSupport
import Primitives
import SAML

/// The query string of GET /saml/sso and /saml/slo (HTTP-Redirect binding):
/// mode 0 the raw query as a browser sends it; modes 1 and 2 raw XML that
/// the target deflates and encodes as SAMLRequest or SAMLResponse, so that
/// the fuzzer explores the XML behind the encoding too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (mode, payload) = FuzzInput(data, size).mode(of: 3)
    let query: String
    switch mode {
    case 0: query = String(decoding: payload, as: UTF8.self)
    case 1: query = SAMLFixture.encodedRedirect(payload)
    default:
        query = "SAMLResponse=" + PercentEncoding.encode(Base64.encode(Deflate.deflate(payload)))
    }
    SAMLFixture.receiveAll(.redirect(rawQuery: query))
    return 0
}

@_cdecl("FuzzSAMLRedirect_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
