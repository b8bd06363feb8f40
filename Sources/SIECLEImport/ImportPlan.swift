import Accounts
import Foundation
import Primitives

/// Every write an import needs, computed before the first one, so that a
/// dry run reports exactly what a real run does and a second run of the
/// same files finds nothing to write.
@dynamicMemberLookup
struct ImportPlan: Sendable {
    var changes: DirectoryChanges
    var report: ImportReport

    init(uai: UAI, report: ImportReport) {
        changes = DirectoryChanges(uai: uai); self.report = report
    }

    subscript<T>(dynamicMember path: WritableKeyPath<DirectoryChanges, T>) -> T {
        get { changes[keyPath: path] }
        set { changes[keyPath: path] = newValue }
    }

    var writesNothing: Bool { changes.isEmpty }
}
