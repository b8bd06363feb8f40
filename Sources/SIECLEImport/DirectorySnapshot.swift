import Accounts
import Foundation
import SQLKit
import Storage
import Primitives

/// A pupil row as stored, with the fields an import compares.
struct StoredPupil: Sendable, Hashable {
    var id: Int64
    var fields: PupilFields
    var accountID: Int64?
}

/// The columns an import writes for a pupil; equal values mean no write.
struct PupilFields: Sendable, Hashable {
    var ine: String?
    var familyName: String
    var firstName: String
    var birthDate: String?
    var division: String?
    var status: EnrolmentStatus
}

struct StoredGuardian: Sendable, Hashable {
    var id: Int64
    var fields: GuardianFields
    var accountID: Int64?
}

struct GuardianFields: Sendable, Hashable {
    var civility: String?
    var familyName: String
    var firstName: String
    var mobile: String?
    var email: String?
    var acceptsSMS: Bool
}

/// A legal link of this establishment, by SIECLE identifiers.
struct LinkKey: Sendable, Hashable {
    var personID: String
    var eleveID: String
}

struct StoredLink: Sendable, Hashable {
    var guardianID: Int64
    var pupilID: Int64
    var rank: Int
}

/// A pupil account elsewhere, found by INE.
struct EnrolmentElsewhere: Sendable, Hashable {
    var uai: String
    var status: EnrolmentStatus
    var accountID: Int64
}

/// What the directory holds for one establishment, plus what the import
/// needs from the others (pupil accounts by INE, guardian accounts by
/// folded names and contact), read once before planning.
struct DirectorySnapshot: Sendable {
    var establishment: Establishment?
    var pupils: [String: StoredPupil] = [:]
    var guardians: [String: StoredGuardian] = [:]
    var links: [LinkKey: StoredLink] = [:]
    var pupilAccountsByINE: [String: [EnrolmentElsewhere]] = [:]
    /// `GuardianKey` values of guardians with an account in other
    /// establishments: reported only, never attached.
    var guardianKeysElsewhere = Set<String>()

    static func load(uai: UAI, on db: any SQLDatabase) async throws -> DirectorySnapshot {
        var snapshot = DirectorySnapshot()
        if let row = try await db.raw("SELECT uai, name, city, kind, academie FROM establishments WHERE uai = \(bind: uai.value)").first() {
            snapshot.establishment = Establishment(
                uai: uai, name: try row.decode(column: "name", as: String.self), city: try row.decode(column: "city", as: String.self),
                kind: EstablishmentKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .college,
                academie: try row.decode(column: "academie", as: String.self))
        }
        for row in try await db.raw("""
            SELECT id, siecle_id, ine, family_name, first_name, birth_date, division, status, account_id
            FROM pupils WHERE uai = \(bind: uai.value)
            """).all() {
            let fields = PupilFields(ine: try row.optional("ine"), familyName: try row.text("family_name"),
                                     firstName: try row.text("first_name"), birthDate: try row.optional("birth_date"),
                                     division: try row.optional("division"),
                                     status: EnrolmentStatus(rawValue: try row.text("status")) ?? .enrolled)
            snapshot.pupils[try row.text("siecle_id")] = StoredPupil(id: try row.integer("id"), fields: fields,
                                                                    accountID: try row.optionalInteger("account_id"))
        }
        for row in try await db.raw("""
            SELECT id, siecle_id, civility, family_name, first_name, mobile, email, accepts_sms, account_id
            FROM guardians WHERE uai = \(bind: uai.value)
            """).all() {
            let fields = GuardianFields(civility: try row.optional("civility"), familyName: try row.text("family_name"),
                                        firstName: try row.text("first_name"), mobile: try row.optional("mobile"),
                                        email: try row.optional("email"), acceptsSMS: try row.integer("accepts_sms") != 0)
            snapshot.guardians[try row.text("siecle_id")] = StoredGuardian(id: try row.integer("id"), fields: fields,
                                                                          accountID: try row.optionalInteger("account_id"))
        }
        for row in try await db.raw("""
            SELECT g.siecle_id AS person_id, p.siecle_id AS eleve_id, l.guardian_id, l.pupil_id, l.rank
            FROM legal_links l JOIN guardians g ON g.id = l.guardian_id JOIN pupils p ON p.id = l.pupil_id
            WHERE g.uai = \(bind: uai.value) AND p.uai = \(bind: uai.value)
            """).all() {
            snapshot.links[LinkKey(personID: try row.text("person_id"), eleveID: try row.text("eleve_id"))] =
                StoredLink(guardianID: try row.integer("guardian_id"), pupilID: try row.integer("pupil_id"),
                           rank: Int(try row.integer("rank")))
        }
        for row in try await db.raw("""
            SELECT ine, uai, status, account_id FROM pupils
            WHERE uai <> \(bind: uai.value) AND ine IS NOT NULL AND account_id IS NOT NULL
            """).all() {
            snapshot.pupilAccountsByINE[try row.text("ine"), default: []].append(EnrolmentElsewhere(
                uai: try row.text("uai"), status: EnrolmentStatus(rawValue: try row.text("status")) ?? .enrolled,
                accountID: try row.integer("account_id")))
        }
        for row in try await db.raw("""
            SELECT family_name, first_name, mobile_key, email FROM guardians
            WHERE uai <> \(bind: uai.value) AND account_id IS NOT NULL
            """).all() {
            snapshot.guardianKeysElsewhere.formUnion(GuardianKey.keys(
                familyName: try row.text("family_name"), firstName: try row.text("first_name"),
                mobileKey: try row.optional("mobile_key"), email: try row.optional("email")))
        }
        return snapshot
    }
}

/// How one person is recognised across exports: folded names and the same
/// mobile, or folded names and the same e-mail address.
enum GuardianKey {
    static func keys(familyName: String, firstName: String, mobileKey: String?, email: String?) -> [String] {
        let names = IdentifierFormat.fold(familyName) + "|" + IdentifierFormat.fold(firstName)
        var keys: [String] = []
        if let mobileKey, !mobileKey.isEmpty { keys.append(names + "|m:" + mobileKey) }
        if let email = email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty { keys.append(names + "|e:" + email) }
        return keys
    }
}

extension SQLRow {
    func text(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optional(_ column: String) throws -> String? { try decodeNil(column: column) ? nil : decode(column: column, as: String.self) }
    func integer(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInteger(_ column: String) throws -> Int64? { try decodeNil(column: column) ? nil : decode(column: column, as: Int64.self) }
}
