import Accounts
import Foundation
import Primitives

/// Where a record's account comes from: one created by this import (index
/// into `ImportPlan.accounts`) or one that already exists.
enum AccountSource: Sendable, Hashable {
    case create(Int)
    case existing(Int64)
}

/// A row of this import: already stored, or inserted by it (by SIECLE id).
enum RowRef: Sendable, Hashable {
    case stored(Int64)
    case new(String)
}

struct AccountSpec: Sendable, Hashable {
    var role: AccountRole
    var familyName: String
    var firstName: String
}

struct PupilWrite: Sendable, Hashable {
    var siecleID: String
    var fields: PupilFields
    var account: AccountSource?
}

struct PupilUpdate: Sendable, Hashable {
    var id: Int64
    var fields: PupilFields
    /// nil keeps the stored account.
    var account: AccountSource?
}

struct GuardianWrite: Sendable, Hashable {
    var siecleID: String
    var fields: GuardianFields
    var account: AccountSource?
}

struct GuardianUpdate: Sendable, Hashable {
    var id: Int64
    var fields: GuardianFields
    var account: AccountSource?
}

struct LinkWrite: Sendable, Hashable {
    var guardian: RowRef
    var pupil: RowRef
    var rank: Int
}

/// Every write an import needs, computed before the first one, so that a
/// dry run reports exactly what a real run does and a second run of the
/// same files finds nothing to write.
struct ImportPlan: Sendable {
    var uai: UAI
    var accounts: [AccountSpec] = []
    var pupilInserts: [PupilWrite] = []
    var pupilUpdates: [PupilUpdate] = []
    var guardianInserts: [GuardianWrite] = []
    var guardianUpdates: [GuardianUpdate] = []
    var linkInserts: [LinkWrite] = []
    var linkUpdates: [StoredLink] = []
    var linkDeletes: [StoredLink] = []
    var report: ImportReport

    var writesNothing: Bool {
        accounts.isEmpty && pupilInserts.isEmpty && pupilUpdates.isEmpty && guardianInserts.isEmpty
            && guardianUpdates.isEmpty && linkInserts.isEmpty && linkUpdates.isEmpty && linkDeletes.isEmpty
    }
}
