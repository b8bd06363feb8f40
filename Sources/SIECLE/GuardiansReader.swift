/// Reads a guardians export record by record (pull): memory holds one record.
/// Events come in file order: `.header`, then `.person` and `.link` as they
/// appear (`PERSONNES` before `RESPONSABLES` in real exports); addresses are skipped.
public final class GuardiansStreamReader {
    private let source: ExportRecords
    public var document: SIECLEDocument { source.document }
    public var header: ExportHeader? { source.header }

    public init(document: SIECLEDocument, limits: SIECLELimits = .default) throws {
        source = try ExportRecords(document, kind: .guardians, limits: limits)
    }

    /// The next event, or nil at the end of the export.
    public func next() throws -> GuardiansEvent? {
        try source.nextEvent(root: "BEE_RESPONSABLES", header: GuardiansEvent.header) { record in
            switch (record.container, record.name) {
            case ("PERSONNES", "PERSONNE"): .person(Self.person(from: record))
            case ("RESPONSABLES", _): .link(Self.link(from: record))
            default: nil
            }
        }
    }

    static func person(from record: RawRecord) -> ExportedPerson {
        var malformed: [MalformedValue] = []
        let birthName = record.text("NOM_DE_FAMILLE") ?? record.text("NOM")
        let usageName = record.text("NOM_USAGE")
        var acceptsSMS: Bool?
        if let sms = record.text("ACCEPTE_SMS") {
            switch sms {
            case "1": acceptsSMS = true
            case "0": acceptsSMS = false
            default: malformed.append(MalformedValue(field: "ACCEPTE_SMS", value: sms))
            }
        }
        return ExportedPerson(
            personID: record.attribute("PERSONNE_ID") ?? "",
            civility: record.text("LC_CIVILITE"),
            familyName: usageName ?? birthName ?? "",
            birthFamilyName: birthName,
            usageName: usageName,
            firstName: record.text("PRENOM") ?? "",
            mobile: record.text("TEL_PORTABLE"),
            homePhone: record.text("TEL_PERSONNEL"),
            workPhone: record.text("TEL_PROFESSIONNEL"),
            email: record.text("MEL"),
            acceptsSMS: acceptsSMS,
            addressID: record.attribute("ADRESSE_ID"),
            malformed: malformed,
            sourceLine: record.line)
    }

    static func link(from record: RawRecord) -> ExportedLink {
        var malformed: [MalformedValue] = []
        var rank = 0
        if let raw = record.text("RESP_LEGAL") {
            if let value = Int(raw), (0...2).contains(value) {
                rank = value
            } else {
                malformed.append(MalformedValue(field: "RESP_LEGAL", value: raw))
            }
        }
        return ExportedLink(eleveID: record.attribute("ELEVE_ID") ?? "",
                            personID: record.attribute("PERSONNE_ID") ?? "",
                            legalRank: rank, kinship: record.text("CODE_PARENTE"),
                            malformed: malformed, sourceLine: record.line)
    }
}
