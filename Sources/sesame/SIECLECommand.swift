import Accounts
import ArgumentParser
import Foundation
import SIECLEImport
import Storage

/// `sesame import-siecle FILES...`: SIECLE exports of one establishment into
/// the directory. A refused file writes nothing and exits with status 2; a
/// full disk, 3.
struct ImportSIECLECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-siecle",
        abstract: "Import SIECLE exports (ElevesSansAdresses.xml or ElevesAvecAdresses.xml, ResponsablesAvecAdresses.xml; plain or zipped).",
        discussion: """
            Pupils, guardians and legal links (RESP_LEGAL 1 and 2) of the establishment named in PARAMETRES/UAJ are \
            created or updated; accounts are created in state 'created'. Pupils absent from the export are marked as \
            left. Running the same files twice changes nothing. The establishment is created if missing, from the \
            options below.
            """)
    @OptionGroup var options: ServerOptions
    @Argument(help: "The export files (XML or zip).") var files: [String]
    @Flag(name: .customLong("dry-run"), help: "Show the report without writing anything.") var dryRun = false
    @Option(name: .customLong("establishment-name"), help: "Name of the establishment, if it must be created.") var name: String?
    @Option(help: "City of the establishment, if it must be created.") var city: String?
    @Option(help: "ecole, college, lycee or lp, if it must be created.") var kind: String = "college"
    @Option(help: "Académie of the establishment, if it must be created.") var academie: String = "non renseignée"
    @Option(name: .customLong("list-limit"), help: "Lines shown per list of the report.") var listLimit: Int = 200

    func run() async throws {
        let kind = try parseChoice(EstablishmentKind.self, kind, "--kind")
        let urls = files.map { URL(fileURLWithPath: $0) }
        let (name, city, academie) = (self.name, self.city, self.academie)
        try await withStore(options) { store in
            do {
                let report = try await SIECLEImporter(store: store).run(
                    files: urls, allowedEstablishments: nil, dryRun: dryRun, actor: "cli",
                    newEstablishment: { uai in
                        Establishment(uai: uai, name: name ?? "Établissement \(uai.value)", city: city ?? "", kind: kind, academie: academie)
                    })
                print(report.fullText(limit: listLimit))
            } catch let failure as SIECLEImportError {
                FileHandle.standardError.write(Data((failure.userMessage + "\n").utf8))
                throw ExitCode(failure.isDiskFull ? 3 : 2)
            }
        }
    }
}
