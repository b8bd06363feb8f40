import Foundation
import Primitives

/// The directory as the matcher needs it.
public struct LegacyDirectory: Sendable {
    public var pupils: [Pupil]
    public var guardians: [Guardian]
    public var links: [LegalLink]

    public init(pupils: [Pupil], guardians: [Guardian], links: [LegalLink]) {
        self.pupils = pupils; self.guardians = guardians; self.links = links
    }
}

/// What a legacy row says about its owner.
public struct LegacyIdentity: Sendable, Hashable {
    public var familyName: String
    public var firstName: String
    public var birthDate: CalendarDate?
    /// For a guardian: the INE or SIECLE id of a pupil they are legally responsible for.
    public var linkedPupilID: String?

    public init(familyName: String, firstName: String, birthDate: CalendarDate?, linkedPupilID: String?) {
        self.familyName = familyName; self.firstName = firstName
        self.birthDate = birthDate; self.linkedPupilID = linkedPupilID
    }
}

public enum LegacyMatch: Sendable, Equatable {
    case matched(accountID: Int64, establishments: [UAI])
    case unmatched(LegacyMismatch)
}

/// Why a row was not given to anyone: the matcher never guesses.
public enum LegacyMismatch: Sendable, Equatable {
    /// Neither a birth date nor a linked pupil: names alone prove nothing.
    case nothingToCompare
    case noPerson
    case severalPeople(Int)
    /// The one person found has no Sesame account yet (SIECLE import first).
    case personWithoutAccount

    public var userMessage: String {
        switch self {
        case .nothingToCompare: "ni date de naissance ni élève lié : le nom seul ne suffit pas"
        case .noPerson: "aucun élève ni responsable légal de l'annuaire ne correspond"
        case .severalPeople(let n): "\(n) personnes de l'annuaire correspondent, aucune n'est choisie"
        case .personWithoutAccount: "la personne trouvée n'a pas encore de compte (importez d'abord SIECLE)"
        }
    }
}

/// A legacy row matches a directory person when the names are equal once
/// folded (case, accents, spaces, hyphens, apostrophes) and either the
/// birth date is the pupil's, or the linked pupil (INE or SIECLE id) is a
/// child of that guardian through a legal link not suspended. Exactly one
/// person, or no match.
public struct LegacyMatcher: Sendable {
    /// One person: an account, or a lone directory record without one.
    enum Person: Hashable { case account(Int64), pupil(Int64), guardian(Int64) }

    private let pupilsByName: [String: [Pupil]]
    private let guardiansByName: [String: [Guardian]]
    private let pupilsByExternalID: [String: [Pupil]]
    private let legalPairs: Set<[Int64]>
    private let establishmentsByAccount: [Int64: [UAI]]

    public init(directory: LegacyDirectory) {
        pupilsByName = Dictionary(grouping: directory.pupils) { Self.nameKey($0.familyName, $0.firstName) }
        guardiansByName = Dictionary(grouping: directory.guardians) { Self.nameKey($0.familyName, $0.firstName) }
        var byID: [String: [Pupil]] = [:]
        for pupil in directory.pupils {
            byID[Self.idKey(pupil.siecleID), default: []].append(pupil)
            if let ine = pupil.ine, !ine.isEmpty, Self.idKey(ine) != Self.idKey(pupil.siecleID) {
                byID[Self.idKey(ine), default: []].append(pupil)
            }
        }
        pupilsByExternalID = byID
        legalPairs = Set(directory.links.filter { !$0.suspended && (1...2).contains($0.rank) }.map { [$0.guardianID, $0.pupilID] })
        var schools: [Int64: Set<UAI>] = [:]
        for pupil in directory.pupils { if let id = pupil.accountID { schools[id, default: []].insert(pupil.uai) } }
        for guardian in directory.guardians { if let id = guardian.accountID { schools[id, default: []].insert(guardian.uai) } }
        establishmentsByAccount = schools.mapValues { $0.sorted() }
    }

    public func match(_ identity: LegacyIdentity) -> LegacyMatch {
        guard identity.birthDate != nil || !(identity.linkedPupilID ?? "").isEmpty else { return .unmatched(.nothingToCompare) }
        // A name with no Latin letter folds to nothing and would equal any other such name.
        guard !IdentifierFormat.fold(identity.familyName).isEmpty else { return .unmatched(.noPerson) }
        let name = Self.nameKey(identity.familyName, identity.firstName)
        var people = Set<Person>()
        if let born = identity.birthDate {
            for pupil in pupilsByName[name, default: []] where pupil.birthDate == born {
                people.insert(pupil.accountID.map(Person.account) ?? .pupil(pupil.id))
            }
        }
        if let linked = identity.linkedPupilID, !linked.isEmpty {
            let children = pupilsByExternalID[Self.idKey(linked), default: []]
            for guardian in guardiansByName[name, default: []]
            where children.contains(where: { legalPairs.contains([guardian.id, $0.id]) }) {
                people.insert(guardian.accountID.map(Person.account) ?? .guardian(guardian.id))
            }
        }
        guard let person = people.first else { return .unmatched(.noPerson) }
        guard people.count == 1 else { return .unmatched(.severalPeople(people.count)) }
        guard case .account(let id) = person else { return .unmatched(.personWithoutAccount) }
        return .matched(accountID: id, establishments: establishmentsByAccount[id] ?? [])
    }

    static func nameKey(_ family: String, _ first: String) -> String {
        IdentifierFormat.fold(family) + "|" + IdentifierFormat.fold(first)
    }

    /// INE letters may be typed in either case; SIECLE ids are digits.
    static func idKey(_ id: String) -> String { id.trimmingCharacters(in: .whitespaces).uppercased() }
}
