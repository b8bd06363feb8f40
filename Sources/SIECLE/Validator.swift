/// Checks records as they stream by (memory: a few keys per record) and
/// builds the report. Feed pupils, persons and links in any order; the links
/// are checked against the pupils and persons in `report()`.
public struct SIECLEValidator: Sendable {
    /// When false, a pupil without INE still gets an account.
    public var requireINE: Bool
    private(set) var issues: [SIECLEIssue] = []
    private var pupilsByID: [String: PupilReference] = [:]
    private var pupilsByIdentity: [String: PupilReference] = [:]
    private var personsByID: Set<String> = []
    private var links: [(eleveID: String, personID: String, line: Int)] = []
    private var sawPupils = false
    private var sawPersons = false
    private var blockedPupils: Set<String> = []
    private var blockedPersons: Set<String> = []

    public init(requireINE: Bool = true) {
        self.requireINE = requireINE
    }

    /// Checks one pupil; returns whether it may get an account.
    @discardableResult
    public mutating func add(_ pupil: ExportedPupil) -> Bool {
        sawPupils = true
        let ref = PupilReference(pupil)
        var blockers: [AccountBlocker] = []
        if pupil.eleveID.isEmpty { blockers.append(.missingIdentifier) }
        if requireINE && pupil.ine == nil { blockers.append(.missingINE) }
        if pupil.firstName.isEmpty { blockers.append(.missingFirstName) }
        if pupil.familyName.isEmpty { blockers.append(.missingFamilyName) }
        if pupil.birthDate == nil {
            if let bad = pupil.malformed.first(where: { $0.field == "DATE_NAISS" }) {
                blockers.append(.malformedBirthDate(bad.value))
            } else {
                blockers.append(.missingBirthDate)
            }
        }
        if !pupil.eleveID.isEmpty {
            if pupilsByID[pupil.eleveID] != nil {
                blockers.append(.duplicateIdentifier)
            } else {
                pupilsByID[pupil.eleveID] = ref
            }
        }
        for value in pupil.malformed where value.field != "DATE_NAISS" {
            issues.append(.malformedPupilValue(ref, value))
        }
        if let birth = pupil.birthDate, !pupil.familyName.isEmpty, !pupil.firstName.isEmpty,
           !blockers.contains(.duplicateIdentifier) {
            let key = "\(foldName(pupil.familyName))|\(foldName(pupil.firstName))|\(birth.iso8601)"
            if let first = pupilsByIdentity[key] {
                issues.append(.possibleDuplicatePupil(ref, sameAs: first))
            } else {
                pupilsByIdentity[key] = ref
            }
        }
        for blocker in blockers { issues.append(.pupilWithoutAccount(ref, blocker)) }
        if !blockers.isEmpty, blockers != [.duplicateIdentifier] { blockedPupils.insert(pupil.eleveID) }
        return blockers.isEmpty
    }

    /// Checks one person; returns whether it may get an account.
    @discardableResult
    public mutating func add(_ person: ExportedPerson) -> Bool {
        sawPersons = true
        let ref = PersonReference(person)
        var blockers: [AccountBlocker] = []
        if person.personID.isEmpty { blockers.append(.missingIdentifier) }
        if person.firstName.isEmpty { blockers.append(.missingFirstName) }
        if person.familyName.isEmpty { blockers.append(.missingFamilyName) }
        if !person.personID.isEmpty, !personsByID.insert(person.personID).inserted {
            blockers.append(.duplicateIdentifier)
        }
        for value in person.malformed { issues.append(.malformedPersonValue(ref, value)) }
        for blocker in blockers { issues.append(.personWithoutAccount(ref, blocker)) }
        if !blockers.isEmpty, blockers != [.duplicateIdentifier] { blockedPersons.insert(person.personID) }
        return blockers.isEmpty
    }

    /// Notes one link; it is checked against the pupils and persons in `report()`.
    public mutating func add(_ link: ExportedLink) {
        for value in link.malformed {
            issues.append(.malformedLinkValue(eleveID: link.eleveID, personID: link.personID,
                                              line: link.sourceLine, value))
        }
        links.append((link.eleveID, link.personID, link.sourceLine))
    }

    /// All findings so far, the links checked against what was added
    /// (pupil links only when some pupils were added, person links likewise).
    public func report() -> SIECLEValidationReport {
        var all = issues
        for link in links {
            if sawPupils, pupilsByID[link.eleveID] == nil {
                all.append(.linkToUnknownPupil(eleveID: link.eleveID, personID: link.personID, line: link.line))
            }
            if sawPersons, !personsByID.contains(link.personID) {
                all.append(.linkToUnknownPerson(personID: link.personID, eleveID: link.eleveID, line: link.line))
            }
        }
        return SIECLEValidationReport(issues: all, blockedPupilIDs: blockedPupils, blockedPersonIDs: blockedPersons)
    }
}

/// The outcome of validation: every issue in file order (links last).
public struct SIECLEValidationReport: Sendable, Hashable {
    public let issues: [SIECLEIssue]
    /// ELEVE_IDs that must get no account (the first record of a duplicated ID is not in it).
    public let blockedPupilIDs: Set<String>
    /// PERSONNE_IDs that must get no account.
    public let blockedPersonIDs: Set<String>

    public var isEmpty: Bool { issues.isEmpty }
}

/// Lower case without diacritics, for the duplicate check ("Éloïse" ~ "eloise").
func foldName(_ name: String) -> String {
    var result = String.UnicodeScalarView()
    for scalar in name.decomposedStringWithCanonicalMappingCompat.unicodeScalars {
        if (0x300...0x36F).contains(scalar.value) { continue }
        result.append(scalar)
    }
    return String(result).lowercased()
}
