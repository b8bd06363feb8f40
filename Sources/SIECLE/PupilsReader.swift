/// Reads a pupils export record by record (pull): memory holds one record.
/// Events come in file order: `.header`, then `.pupil` for each `ELEVE`
/// (class and groups not yet known), then `.structures` for each `STRUCTURES_ELEVE`.
public final class PupilsStreamReader {
    private let source: ExportRecords
    public var document: SIECLEDocument { source.document }
    public var header: ExportHeader? { source.header }

    public init(document: SIECLEDocument, limits: SIECLELimits = .default) throws {
        source = try ExportRecords(document, kind: .pupils, limits: limits)
    }

    /// The next event, or nil at the end of the export.
    public func next() throws -> PupilsEvent? {
        try source.nextEvent(root: "BEE_ELEVES", header: PupilsEvent.header) { record in
            switch (record.container, record.name) {
            case ("ELEVES", "ELEVE"): .pupil(Self.pupil(from: record))
            case ("STRUCTURES", "STRUCTURES_ELEVE"): .structures(Self.structures(from: record))
            default: nil
            }
        }
    }

    static func pupil(from record: RawRecord) -> ExportedPupil {
        var malformed: [MalformedValue] = []
        let birthName = record.text("NOM_DE_FAMILLE") ?? record.text("NOM")
        let usageName = record.text("NOM_USAGE")
        let sexCode = record.text("CODE_SEXE")
        let sex = sexCode.flatMap(PupilSex.init(rawValue:))
        if let sexCode, sex == nil { malformed.append(MalformedValue(field: "CODE_SEXE", value: sexCode)) }
        return ExportedPupil(
            eleveID: record.attribute("ELEVE_ID") ?? "",
            elenoet: record.text("ELENOET"),
            ine: record.text("ID_NATIONAL"),
            familyName: usageName ?? birthName ?? "",
            birthFamilyName: birthName,
            usageName: usageName,
            firstName: record.text("PRENOM") ?? "",
            secondFirstName: record.text("PRENOM2"),
            birthDate: record.date("DATE_NAISS", &malformed),
            sex: sex,
            mef: record.text("CODE_MEF"),
            entryDate: record.date("DATE_ENTREE", &malformed),
            leavingDate: record.date("DATE_SORTIE", &malformed),
            leavingReason: record.text("CODE_MOTIF_SORTIE"),
            malformed: malformed,
            sourceLine: record.line)
    }

    static func structures(from record: RawRecord) -> PupilStructures {
        var division: String?
        var groups: [String] = []
        for structure in record.children where structure.name == "STRUCTURE" {
            guard let code = structure.text("CODE_STRUCTURE") else { continue }
            switch structure.text("TYPE_STRUCTURE") {
            case "D": if division == nil { division = code }
            case "G": groups.append(code)
            default: continue
            }
        }
        return PupilStructures(eleveID: record.attribute("ELEVE_ID") ?? "", division: division, groups: groups)
    }
}
