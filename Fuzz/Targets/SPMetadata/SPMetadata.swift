import FuzzDriver
import FuzzSupport
import SAML

/// SAML metadata as an operator drops it in metadata/ or a federation
/// publishes it: every entity descriptor read, each refusal a `SAMLError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    if let all = try? SPMetadata.parseAll(input) {
        for sp in all {
            Property.check(!sp.entityID.isEmpty, "an SP without an entityID")
            Property.check(!sp.assertionConsumerServices.isEmpty, "an SP without an ACS")
        }
    }
    return 0
}

@_cdecl("FuzzSPMetadata_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
