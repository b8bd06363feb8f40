import Accounts
import Foundation
import FuzzDriver
import FuzzSupport
import LegacyCredentials

/// An old portal's CSV export, read as the legacy import reads it: each
/// refusal an `ImportFailure` (typed), each record within the limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    if let records = try? LegacyImporter.read(Data(input), format: .csv, mapping: LegacyFieldMapping()) {
        Property.check(records.count <= ImportLimits.standard.maximumRecords, "\(records.count) records past the limit")
    }
    return 0
}

@_cdecl("FuzzLegacyCSV_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
