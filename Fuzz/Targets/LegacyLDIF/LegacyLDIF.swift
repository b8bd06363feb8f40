import FuzzDriver
import FuzzSupport

/// An old portal's LDIF export, read as the legacy import reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    LegacyExport.read(FuzzInput(data, size).bytes, format: .ldif)
    return 0
}

@_cdecl("FuzzLegacyLDIF_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
