import FuzzDriver
import FuzzSupport
import SAML

/// The raw DEFLATE inflater of the Redirect binding, alone: a refusal is an
/// `InflateError`, nothing comes out past the limit, and what Deflate writes
/// inflates back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    let limit = 64 * 1024
    if let inflated = try? Inflate.inflate(input, outputLimit: limit) {
        Property.check(inflated.count <= limit, "inflated \(inflated.count) bytes past a limit of \(limit)")
    }
    if input.count <= limit {
        let back = try? Inflate.inflate(Deflate.deflate(input), outputLimit: limit)
        Property.check(back == input, "deflate then inflate changed \(input.count) bytes")
    }
    return 0
}

@_cdecl("FuzzInflate_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
