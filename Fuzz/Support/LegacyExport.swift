import Accounts
import Foundation
import LegacyCredentials

/// An old portal's export read as the legacy import reads it: a refusal is
/// an `ImportFailure` (the signature says so), the records stay within the
/// import's limit.
public enum LegacyExport {
    public static func read(_ bytes: [UInt8], format: LegacyImporter.Format) {
        guard let records = try? LegacyImporter.read(Data(bytes), format: format, mapping: LegacyFieldMapping()) else { return }
        Property.check(records.count <= ImportLimits.standard.maximumRecords, "\(records.count) records past the limit")
    }
}
