/// What kind of record an issue is about, and how the report names its key.
public protocol RecordKind: Sendable, Hashable {
    /// "l'élève", "le responsable".
    static var french: String { get }
    /// The key's name in the export: ELEVE_ID, PERSONNE_ID.
    static var keyName: String { get }
    static var log: String { get }
}

public enum PupilRecord: RecordKind {
    public static let french = "l'élève", keyName = "ELEVE_ID", log = "pupil"
}

public enum PersonRecord: RecordKind {
    public static let french = "le responsable", keyName = "PERSONNE_ID", log = "person"
}

/// Who an issue is about, as the staff's report shows it.
public struct RecordReference<Kind: RecordKind>: Sendable, Hashable {
    /// The record's key in its export ("" when absent).
    public let key: String
    public let familyName: String
    public let firstName: String
    public let line: Int

    var french: String {
        let name = [firstName, familyName].filter { !$0.isEmpty }.joined(separator: " ")
        return "\(Kind.french) \(name.isEmpty ? "sans nom" : name) (\(Kind.keyName) \(key.isEmpty ? "absent" : key), ligne \(line))"
    }

    var log: String { "\(Kind.log) \(Kind.keyName)=\(key) line \(line)" }
}

public typealias PupilReference = RecordReference<PupilRecord>
public typealias PersonReference = RecordReference<PersonRecord>

extension RecordReference where Kind == PupilRecord {
    public init(_ pupil: ExportedPupil) {
        self.init(key: pupil.eleveID, familyName: pupil.familyName, firstName: pupil.firstName, line: pupil.sourceLine)
    }

    public var eleveID: String { key }
}

extension RecordReference where Kind == PersonRecord {
    public init(_ person: ExportedPerson) {
        self.init(key: person.personID, familyName: person.familyName, firstName: person.firstName, line: person.sourceLine)
    }

    public var personID: String { key }
}

/// Why a record cannot get an account.
public enum AccountBlocker: Sendable, Hashable {
    case missingIdentifier
    case missingINE
    case missingBirthDate
    case malformedBirthDate(String)
    case missingFirstName
    case missingFamilyName
    /// The same ELEVE_ID or PERSONNE_ID already came earlier in the export.
    case duplicateIdentifier

    var french: String {
        switch self {
        case .missingIdentifier: return "identifiant SIECLE absent"
        case .missingINE: return "INE (identifiant national) absent"
        case .missingBirthDate: return "date de naissance absente"
        case let .malformedBirthDate(value): return "date de naissance illisible (« \(value) »)"
        case .missingFirstName: return "prénom absent"
        case .missingFamilyName: return "nom absent"
        case .duplicateIdentifier: return "identifiant déjà présent plus haut dans le fichier"
        }
    }

    var log: String {
        switch self {
        case .missingIdentifier: return "missing identifier"
        case .missingINE: return "missing INE"
        case .missingBirthDate: return "missing birth date"
        case let .malformedBirthDate(value): return "malformed birth date '\(value)'"
        case .missingFirstName: return "missing first name"
        case .missingFamilyName: return "missing family name"
        case .duplicateIdentifier: return "duplicate identifier"
        }
    }
}

/// One finding of the validation, for the staff's report page (`frenchMessage`)
/// and the logs (`logMessage`). `blocksAccount` tells whether the record is left out.
public enum SIECLEIssue: Sendable, Hashable {
    case pupilWithoutAccount(PupilReference, AccountBlocker)
    case personWithoutAccount(PersonReference, AccountBlocker)
    /// A value present but unreadable that does not prevent the account (entry date, sex…).
    case malformedPupilValue(PupilReference, MalformedValue)
    case malformedPersonValue(PersonReference, MalformedValue)
    case malformedLinkValue(eleveID: String, personID: String, line: Int, MalformedValue)
    /// Same family name, first name and birth date as an earlier pupil (another ELEVE_ID).
    case possibleDuplicatePupil(PupilReference, sameAs: PupilReference)
    case linkToUnknownPupil(eleveID: String, personID: String, line: Int)
    case linkToUnknownPerson(personID: String, eleveID: String, line: Int)

    public var blocksAccount: Bool {
        switch self {
        case .pupilWithoutAccount, .personWithoutAccount: return true
        default: return false
        }
    }

    public var frenchMessage: String {
        switch self {
        case let .pupilWithoutAccount(pupil, reason):
            return "Pas de compte pour \(pupil.french) : \(reason.french)."
        case let .personWithoutAccount(person, reason):
            return "Pas de compte pour \(person.french) : \(reason.french)."
        case let .malformedPupilValue(pupil, value):
            return "Valeur illisible pour \(pupil.french) : \(value.field) = « \(value.value) » (ignorée)."
        case let .malformedPersonValue(person, value):
            return "Valeur illisible pour \(person.french) : \(value.field) = « \(value.value) » (ignorée)."
        case let .malformedLinkValue(eleveID, personID, line, value):
            return "Lien responsable \(personID) – élève \(eleveID) (ligne \(line)) : \(value.field) = « \(value.value) » illisible, traité comme contact non légal."
        case let .possibleDuplicatePupil(pupil, first):
            return "Doublon possible : \(pupil.french) a les mêmes nom, prénom et date de naissance que \(first.french)."
        case let .linkToUnknownPupil(eleveID, personID, line):
            return "Le responsable \(personID) est rattaché à un élève inconnu (ELEVE_ID \(eleveID), ligne \(line)) : lien ignoré."
        case let .linkToUnknownPerson(personID, eleveID, line):
            return "L'élève \(eleveID) est rattaché à un responsable inconnu (PERSONNE_ID \(personID), ligne \(line)) : lien ignoré."
        }
    }

    public var logMessage: String {
        switch self {
        case let .pupilWithoutAccount(pupil, reason): return "SIECLE: no account for \(pupil.log): \(reason.log)"
        case let .personWithoutAccount(person, reason): return "SIECLE: no account for \(person.log): \(reason.log)"
        case let .malformedPupilValue(pupil, value): return "SIECLE: \(pupil.log): malformed \(value.field) '\(value.value)'"
        case let .malformedPersonValue(person, value): return "SIECLE: \(person.log): malformed \(value.field) '\(value.value)'"
        case let .malformedLinkValue(eleveID, personID, line, value):
            return "SIECLE: link \(personID)->\(eleveID) line \(line): malformed \(value.field) '\(value.value)'"
        case let .possibleDuplicatePupil(pupil, first): return "SIECLE: \(pupil.log) duplicates \(first.log) (names and birth date)"
        case let .linkToUnknownPupil(eleveID, personID, line): return "SIECLE: link line \(line) from person \(personID) to unknown pupil \(eleveID)"
        case let .linkToUnknownPerson(personID, eleveID, line): return "SIECLE: link line \(line) from pupil \(eleveID) to unknown person \(personID)"
        }
    }
}
