import Foundation
import Primitives

/// Where a record's account comes from: one created by this import (index
/// into `DirectoryChanges.accounts`) or one that already exists.
public enum AccountSource: Sendable, Hashable {
    case create(Int)
    case existing(Int64)
}

/// A row of this import: already stored, or inserted by it (by SIECLE id).
public enum RowRef: Sendable, Hashable {
    case stored(Int64)
    case new(String)
}

public struct AccountSpec: Sendable, Hashable {
    public var role: AccountRole
    public var familyName: String
    public var firstName: String

    public init(role: AccountRole, familyName: String, firstName: String) {
        self.role = role; self.familyName = familyName; self.firstName = firstName
    }
}

/// A new pupil or guardian row.
public struct RowInsert<Fields: Sendable & Hashable>: Sendable, Hashable {
    public var siecleID: String
    public var fields: Fields
    public var account: AccountSource?

    public init(siecleID: String, fields: Fields, account: AccountSource?) {
        self.siecleID = siecleID; self.fields = fields; self.account = account
    }
}

/// New values for a stored pupil or guardian row.
public struct RowUpdate<Fields: Sendable & Hashable>: Sendable, Hashable {
    public var id: Int64
    public var fields: Fields
    /// nil keeps the stored account.
    public var account: AccountSource?

    public init(id: Int64, fields: Fields, account: AccountSource?) { self.id = id; self.fields = fields; self.account = account }
}

public typealias PupilWrite = RowInsert<PupilFields>
public typealias PupilUpdate = RowUpdate<PupilFields>
public typealias GuardianWrite = RowInsert<GuardianFields>
public typealias GuardianUpdate = RowUpdate<GuardianFields>

public struct LinkWrite: Sendable, Hashable {
    public var guardian: RowRef
    public var pupil: RowRef
    public var rank: Int

    public init(guardian: RowRef, pupil: RowRef, rank: Int) { self.guardian = guardian; self.pupil = pupil; self.rank = rank }
}

/// Every write an import of one establishment needs, computed before the first one.
public struct DirectoryChanges: Sendable {
    public var uai: UAI
    public var accounts: [AccountSpec] = []
    public var pupilInserts: [PupilWrite] = []
    public var pupilUpdates: [PupilUpdate] = []
    public var guardianInserts: [GuardianWrite] = []
    public var guardianUpdates: [GuardianUpdate] = []
    public var linkInserts: [LinkWrite] = []
    public var linkUpdates: [StoredLink] = []
    public var linkDeletes: [StoredLink] = []

    public init(uai: UAI) { self.uai = uai }

    public var isEmpty: Bool {
        accounts.isEmpty && pupilInserts.isEmpty && pupilUpdates.isEmpty && guardianInserts.isEmpty
            && guardianUpdates.isEmpty && linkInserts.isEmpty && linkUpdates.isEmpty && linkDeletes.isEmpty
    }
}

/// What an import needs from storage: a read, and one transaction,
/// serialised per establishment, in which it reads again and writes.
public protocol DirectoryImportStore: Sendable {
    func importSnapshot(uai: UAI) async throws -> DirectorySnapshot
    func importTransaction<T: Sendable>(uai: UAI, _ body: @escaping @Sendable (any DirectoryImportTransaction) async throws -> T) async throws -> T
}

public protocol DirectoryImportTransaction: Sendable {
    func snapshot(uai: UAI) async throws -> DirectorySnapshot
    func createEstablishment(_ establishment: Establishment) async throws
    /// Reserves identifiers, creates the accounts and writes the rows, in that order.
    func apply(_ changes: DirectoryChanges, now: Date) async throws
    func record(_ event: AuditEvent) async throws
}
