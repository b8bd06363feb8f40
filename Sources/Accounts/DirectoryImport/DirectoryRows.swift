import Foundation
import Primitives

/// The columns an import writes for a pupil; equal values mean no write.
public struct PupilFields: Sendable, Hashable {
    public var ine: String?
    public var familyName: String
    public var firstName: String
    public var birthDate: String?
    public var division: String?
    public var status: EnrolmentStatus

    public init(ine: String?, familyName: String, firstName: String, birthDate: String?, division: String?, status: EnrolmentStatus) {
        self.ine = ine; self.familyName = familyName; self.firstName = firstName
        self.birthDate = birthDate; self.division = division; self.status = status
    }
}

/// The columns an import writes for a guardian.
public struct GuardianFields: Sendable, Hashable {
    public var civility: String?
    public var familyName: String
    public var firstName: String
    public var mobile: String?
    public var email: String?
    public var acceptsSMS: Bool

    public init(civility: String?, familyName: String, firstName: String, mobile: String?, email: String?, acceptsSMS: Bool) {
        self.civility = civility; self.familyName = familyName; self.firstName = firstName
        self.mobile = mobile; self.email = email; self.acceptsSMS = acceptsSMS
    }
}

/// A pupil or guardian row as stored, with the fields an import compares.
public struct StoredRow<Fields: Sendable & Hashable>: Sendable, Hashable {
    public var id: Int64
    public var fields: Fields
    public var accountID: Int64?

    public init(id: Int64, fields: Fields, accountID: Int64?) {
        self.id = id; self.fields = fields; self.accountID = accountID
    }
}

public typealias StoredPupil = StoredRow<PupilFields>
public typealias StoredGuardian = StoredRow<GuardianFields>

/// A legal link of this establishment, by SIECLE identifiers.
public struct LinkKey: Sendable, Hashable {
    public var personID: String
    public var eleveID: String

    public init(personID: String, eleveID: String) { self.personID = personID; self.eleveID = eleveID }
}

public struct StoredLink: Sendable, Hashable {
    public var guardianID: Int64
    public var pupilID: Int64
    public var rank: Int

    public init(guardianID: Int64, pupilID: Int64, rank: Int) { self.guardianID = guardianID; self.pupilID = pupilID; self.rank = rank }
}

/// A pupil account elsewhere, found by INE.
public struct EnrolmentElsewhere: Sendable, Hashable {
    public var uai: String
    public var status: EnrolmentStatus
    public var accountID: Int64

    public init(uai: String, status: EnrolmentStatus, accountID: Int64) { self.uai = uai; self.status = status; self.accountID = accountID }
}

/// What the directory holds for one establishment, plus what an import
/// needs from the others (pupil accounts by INE, guardian accounts by
/// folded names and contact), read once before planning.
public struct DirectorySnapshot: Sendable {
    public var establishment: Establishment?
    /// By SIECLE identifier.
    public var pupils: [String: StoredPupil] = [:]
    public var guardians: [String: StoredGuardian] = [:]
    public var links: [LinkKey: StoredLink] = [:]
    public var pupilAccountsByINE: [String: [EnrolmentElsewhere]] = [:]
    /// `GuardianKey` values of guardians with an account in other
    /// establishments: reported only, never attached.
    public var guardianKeysElsewhere = Set<String>()

    public init() {}
}

/// How one person is recognised across exports: folded names and the same
/// mobile, or folded names and the same e-mail address.
public enum GuardianKey {
    public static func keys(familyName: String, firstName: String, mobileKey: String?, email: String?) -> [String] {
        let names = IdentifierFormat.fold(familyName) + "|" + IdentifierFormat.fold(firstName)
        var keys: [String] = []
        if let mobileKey, !mobileKey.isEmpty { keys.append(names + "|m:" + mobileKey) }
        if let email = email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty { keys.append(names + "|e:" + email) }
        return keys
    }
}
