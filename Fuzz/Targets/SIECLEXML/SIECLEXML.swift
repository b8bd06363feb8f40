import FuzzDriver
import FuzzSupport

/// SIECLE exports as plain XML (UTF-8 or ISO-8859-15): one file, or two
/// (split at the first NUL) so that pupils and guardians are checked together.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (first, second) = FuzzInput.split(FuzzInput(data, size).bytes)
    SIECLEUpload.parse(second.isEmpty ? [first] : [first, second], extension: "xml")
    return 0
}

@_cdecl("FuzzSIECLEXML_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
