import Foundation
import Primitives

public enum EstablishmentKind: String, Sendable, Codable, CaseIterable {
    case ecole, college, lycee, lyceeProfessionnel = "lp"

    public var label: String {
        switch self {
        case .ecole: "École"
        case .college: "Collège"
        case .lycee: "Lycée"
        case .lyceeProfessionnel: "Lycée professionnel"
        }
    }

    /// Pupils of an école are "premier degré" (1d), the others "second degré" (2d).
    public var isPrimary: Bool { self == .ecole }
}

public struct Establishment: Sendable, Hashable, Codable {
    public var uai: UAI
    public var name: String
    public var city: String
    public var kind: EstablishmentKind
    public var academie: String

    public init(uai: UAI, name: String, city: String, kind: EstablishmentKind, academie: String) {
        self.uai = uai; self.name = name; self.city = city; self.kind = kind; self.academie = academie
    }
}

/// A day without time or zone: birth dates are calendar facts, not instants.
public struct CalendarDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// `YYYY-MM-DD`, as stored and as sent in assertions.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `DD/MM/YYYY`, as SIECLE writes dates and as French people type them.
    public init?(french text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var french: String { String(format: "%02d/%02d/%04d", day, month, year) }
    public var description: String { iso }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid date \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

public enum EnrolmentStatus: String, Sendable, Codable { case enrolled, left }

/// An élève as known from the school's SIECLE export.
public struct Pupil: Sendable, Hashable, Codable {
    public var id: Int64
    public var ine: String?
    public var siecleID: String
    public var familyName: String
    public var firstName: String
    public var birthDate: CalendarDate?
    public var division: String?
    public var uai: UAI
    public var status: EnrolmentStatus
    public var accountID: Int64?

    public init(id: Int64 = 0, ine: String?, siecleID: String, familyName: String, firstName: String,
                birthDate: CalendarDate?, division: String?, uai: UAI, status: EnrolmentStatus = .enrolled,
                accountID: Int64? = nil) {
        self.id = id; self.ine = ine; self.siecleID = siecleID; self.familyName = familyName
        self.firstName = firstName; self.birthDate = birthDate; self.division = division
        self.uai = uai; self.status = status; self.accountID = accountID
    }
}

/// A responsable as known from one establishment's export. One person may
/// appear in several exports; their records are grouped under one account.
public struct Guardian: Sendable, Hashable, Codable {
    public var id: Int64
    public var siecleID: String
    public var uai: UAI
    public var civility: String?
    public var familyName: String
    public var firstName: String
    public var mobile: String?
    public var email: String?
    public var acceptsSMS: Bool
    public var accountID: Int64?

    public init(id: Int64 = 0, siecleID: String, uai: UAI, civility: String?, familyName: String, firstName: String,
                mobile: String?, email: String?, acceptsSMS: Bool = true, accountID: Int64? = nil) {
        self.id = id; self.siecleID = siecleID; self.uai = uai; self.civility = civility
        self.familyName = familyName; self.firstName = firstName; self.mobile = mobile
        self.email = email; self.acceptsSMS = acceptsSMS; self.accountID = accountID
    }
}

/// RESP_LEGAL 1 or 2: the guardian is a legal representative of the pupil.
public struct LegalLink: Sendable, Hashable, Codable {
    public var guardianID: Int64
    public var pupilID: Int64
    public var rank: Int
    public var suspended: Bool

    public init(guardianID: Int64, pupilID: Int64, rank: Int, suspended: Bool = false) {
        self.guardianID = guardianID; self.pupilID = pupilID; self.rank = rank; self.suspended = suspended
    }
}
