/// `CODE_SEXE`: 1 = masculin, 2 = féminin.
public enum PupilSex: String, Sendable, Hashable {
    case male = "1"
    case female = "2"
}

/// A value present in the export but not in its expected shape (kept raw for the report).
public struct MalformedValue: Sendable, Hashable {
    public let field: String
    public let value: String
    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }
}

/// `PARAMETRES` of an export.
public struct ExportHeader: Sendable, Hashable {
    /// `UAJ`, checked: seven digits and the right check letter.
    public let uai: String
    /// `ANNEE_SCOLAIRE` (the first calendar year of the school year, e.g. "2025").
    public let schoolYear: String?
    /// `DATE_EXPORT`.
    public let exportDate: SIECLEDate?
    /// `HORODATAGE`, raw (`dd/mm/yyyy hh:mm:ss`).
    public let timestamp: String?

    public init(uai: String, schoolYear: String?, exportDate: SIECLEDate?, timestamp: String?) {
        self.uai = uai
        self.schoolYear = schoolYear
        self.exportDate = exportDate
        self.timestamp = timestamp
    }
}

/// One `ELEVE`, with its class and groups once `STRUCTURES` is read.
public struct ExportedPupil: Sendable, Hashable {
    /// `@ELEVE_ID`: the key used by `STRUCTURES_ELEVE` and the guardians' links ("" when absent).
    public var eleveID: String
    /// `ELENOET`.
    public var elenoet: String?
    /// `ID_NATIONAL` (INE).
    public var ine: String?
    /// The name to use: `NOM_USAGE` when present, else `NOM_DE_FAMILLE` ("" when neither).
    public var familyName: String
    /// `NOM_DE_FAMILLE` (birth name).
    public var birthFamilyName: String?
    /// `NOM_USAGE`.
    public var usageName: String?
    /// `PRENOM` ("" when absent).
    public var firstName: String
    /// `PRENOM2`.
    public var secondFirstName: String?
    /// `DATE_NAISS`; nil when absent or malformed (see `malformed`).
    public var birthDate: SIECLEDate?
    public var sex: PupilSex?
    /// `CODE_MEF`.
    public var mef: String?
    /// `DATE_ENTREE`.
    public var entryDate: SIECLEDate?
    /// `DATE_SORTIE`: set when the pupil has left the establishment.
    public var leavingDate: SIECLEDate?
    /// `CODE_MOTIF_SORTIE`.
    public var leavingReason: String?
    /// `CODE_STRUCTURE` of the structure with `TYPE_STRUCTURE` D.
    public var division: String?
    /// `CODE_STRUCTURE` of the structures with `TYPE_STRUCTURE` G, in file order.
    public var groups: [String] = []
    /// Dates or codes present but unreadable.
    public var malformed: [MalformedValue] = []
    /// Line of the `ELEVE` element in its file.
    public var sourceLine: Int = 0
}

/// One `STRUCTURES_ELEVE`: the class and groups of a pupil.
public struct PupilStructures: Sendable, Hashable {
    public let eleveID: String
    public let division: String?
    public let groups: [String]

    public init(eleveID: String, division: String?, groups: [String]) {
        self.eleveID = eleveID
        self.division = division
        self.groups = groups
    }
}

/// A whole pupils export (`ElevesSansAdresses.xml` or `ElevesAvecAdresses.xml`).
public struct PupilsExport: Sendable, Hashable {
    public let uai: String
    public let schoolYear: String?
    public let exportDate: SIECLEDate?
    public let timestamp: String?
    public var pupils: [ExportedPupil]

    public init(header: ExportHeader, pupils: [ExportedPupil]) {
        uai = header.uai
        schoolYear = header.schoolYear
        exportDate = header.exportDate
        timestamp = header.timestamp
        self.pupils = pupils
    }
}

/// What a pupils export yields, in file order: the header first, then every
/// pupil (without class or groups), then every pupil's structures.
public enum PupilsEvent: Sendable, Hashable {
    case header(ExportHeader)
    case pupil(ExportedPupil)
    case structures(PupilStructures)
}
