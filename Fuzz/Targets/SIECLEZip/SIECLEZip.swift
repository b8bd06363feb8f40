import FuzzDriver
import FuzzSupport

/// SIECLE exports as the zip archives SIECLE hands out.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SIECLEUpload.parse([FuzzInput(data, size).bytes], extension: "zip")
    return 0
}

@_cdecl("FuzzSIECLEZip_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
