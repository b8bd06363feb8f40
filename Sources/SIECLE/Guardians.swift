/// One `PERSONNE` of a guardians export.
public struct ExportedPerson: Sendable, Hashable {
    /// `@PERSONNE_ID` ("" when absent).
    public var personID: String
    /// `LC_CIVILITE` ("M.", "MME"…).
    public var civility: String?
    /// `NOM_USAGE` when present, else `NOM_DE_FAMILLE` ("" when neither).
    public var familyName: String
    public var birthFamilyName: String?
    public var usageName: String?
    /// `PRENOM` ("" when absent).
    public var firstName: String
    /// `TEL_PORTABLE`.
    public var mobile: String?
    /// `TEL_PERSONNEL`.
    public var homePhone: String?
    /// `TEL_PROFESSIONNEL`.
    public var workPhone: String?
    /// `MEL`.
    public var email: String?
    /// `ACCEPTE_SMS`: 1 → true, 0 → false.
    public var acceptsSMS: Bool?
    /// `ADRESSE_ID` (element or attribute).
    public var addressID: String?
    public var malformed: [MalformedValue] = []
    public var sourceLine: Int = 0
}

/// One child of `RESPONSABLES` (`RESPONSABLE_ELEVE` in real exports): a person's tie to a pupil.
public struct ExportedLink: Sendable, Hashable {
    public var eleveID: String
    public var personID: String
    /// `RESP_LEGAL`: 1 or 2 for the legal guardians, 0 for other contacts
    /// (0 too when absent or unreadable: see `malformed`).
    public var legalRank: Int
    /// `CODE_PARENTE` (nomenclature code, e.g. 10 = mère, 20 = père).
    public var kinship: String?
    public var malformed: [MalformedValue]
    public var sourceLine: Int

    public init(eleveID: String, personID: String, legalRank: Int, kinship: String? = nil,
                malformed: [MalformedValue] = [], sourceLine: Int = 0) {
        self.eleveID = eleveID
        self.personID = personID
        self.legalRank = legalRank
        self.kinship = kinship
        self.malformed = malformed
        self.sourceLine = sourceLine
    }
}

/// A whole guardians export (`ResponsablesAvecAdresses.xml`).
public struct GuardiansExport: Sendable, Hashable {
    public let uai: String
    public let schoolYear: String?
    public let exportDate: SIECLEDate?
    public let timestamp: String?
    public var persons: [ExportedPerson]
    public var links: [ExportedLink]

    public init(header: ExportHeader, persons: [ExportedPerson], links: [ExportedLink]) {
        uai = header.uai
        schoolYear = header.schoolYear
        exportDate = header.exportDate
        timestamp = header.timestamp
        self.persons = persons
        self.links = links
    }
}

/// What a guardians export yields, in file order: the header first, then
/// persons and links as they come (addresses are skipped).
public enum GuardiansEvent: Sendable, Hashable {
    case header(ExportHeader)
    case person(ExportedPerson)
    case link(ExportedLink)
}
