import Accounts
import ArgumentParser
import Foundation
import LegacyCredentials
import Storage
import Primitives

/// `sesame import-legacy FILE`: old portal accounts (LDIF or CSV) matched to
/// the directory. A file with any problem writes nothing.
struct ImportLegacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-legacy",
        abstract: "Import legacy portal accounts (LDIF or CSV with password hashes) matched to pupils and guardians.",
        discussion: """
            Each row must match exactly one directory person: same names (case, accents, spaces and hyphens \
            ignored) and the pupil's birth date, or for a guardian the INE or SIECLE id of a pupil they are a \
            legal guardian of. Unmatched rows are reported with their line and not imported.
            """)
    @OptionGroup var options: ServerOptions
    @Argument(help: "The export file.") var file: String
    @Option(help: "ldif or csv (default: from the file extension).") var format: String?
    @Flag(name: .customLong("dry-run"), help: "Check and report without writing anything.") var dryRun = false
    @OptionGroup var fields: LegacyFieldOptions

    func run() async throws {
        let format = try resolvedFormat()
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
        try await withStore(options) { store in
            do {
                let report = try await LegacyImporter(store: store).run(data, format: format, mapping: fields.mapping, dryRun: dryRun)
                print(report.french)
            } catch let failure as ImportFailure {
                FileHandle.standardError.write(Data((failure.userMessage + "\n").utf8))
                throw ExitCode(2)
            }
        }
    }

    func resolvedFormat() throws -> LegacyImporter.Format {
        if let format {
            return try parseChoice(LegacyImporter.Format.self, format.lowercased(), "--format")
        }
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "ldif", "ldf": return .ldif
        case "csv", "txt": return .csv
        default: throw ValidationError("Cannot tell the format of \(file): pass --format ldif or --format csv.")
        }
    }
}

/// Which attribute or column holds what. Defaults are inetOrgPerson and
/// SDET (ENT) names, used for CSV headers too.
struct LegacyFieldOptions: ParsableArguments {
    @Option(name: .customLong("login-field")) var login = "uid"
    @Option(name: .customLong("family-name-field")) var familyName = "sn"
    @Option(name: .customLong("first-name-field")) var firstName = "givenName"
    @Option(name: .customLong("password-field")) var password = "userPassword"
    @Option(name: .customLong("email-field")) var email = "mail"
    @Option(name: .customLong("birth-date-field"), help: "Pupil's birth date (YYYYMMDD, YYYY-MM-DD or DD/MM/YYYY).")
    var birthDate = "ENTPersonDateNaissance"
    @Option(name: .customLong("linked-pupil-field"), help: "For a guardian: INE or SIECLE id of a pupil.")
    var linkedPupil = "ENTAuxEnsEleveINE"

    var mapping: LegacyFieldMapping {
        LegacyFieldMapping(login: login, familyName: familyName, firstName: firstName, passwordHash: password,
                           email: email, birthDate: birthDate, linkedPupilID: linkedPupil, role: nil)
    }
}

struct LegacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legacy", abstract: "Follow and end the transition from legacy portal accounts.",
        subcommands: [Status.self, EndTransition.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per establishment: legacy accounts imported, moved, remaining, transition ended.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await withStore(options) { store in
                let lines = try await store.legacyStatus()
                guard !lines.isEmpty else { print("Aucun ancien compte importé."); return }
                print(["UAI", "importés", "transférés", "restants", "transition"].joined(separator: "\t"))
                for s in lines {
                    let ended = s.ended.map { "terminée le \(Self.day($0.endedAt)) par \($0.endedBy)" } ?? "en cours"
                    print([s.uai.value, String(s.imported), String(s.moved), String(s.remaining), ended].joined(separator: "\t"))
                }
            }
        }

        static func day(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "fr_FR")
            formatter.timeZone = TimeZone(identifier: "Europe/Paris")
            formatter.dateFormat = "dd/MM/yyyy"
            return formatter.string(from: date)
        }
    }

    struct EndTransition: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end-transition",
            abstract: "Refuse legacy logins for an establishment from now on (people are pointed to activation).")
        @OptionGroup var options: ServerOptions
        @Option(help: "UAI of the establishment.") var establishment: String
        @Option(help: "Login of the chef (or académie staff) who decides; recorded.") var by: String?

        func run() async throws {
            guard let uai = UAI(establishment) else { throw ValidationError("Invalid UAI \(establishment): seven digits and the check letter.") }
            try await withStore(options) { store in
                guard try await store.establishment(uai) != nil else { throw ValidationError("Unknown establishment \(uai).") }
                var actor = "cli"
                if let by {
                    let staff = try await store.staff().first { $0.login.lowercased() == by.lowercased() }
                    guard let staff, staff.role == .academie || (staff.role == .chef && staff.establishments.contains(uai)) else {
                        throw ValidationError("\(by) is not the chef of \(uai) nor académie staff.")
                    }
                    actor = staff.login
                }
                guard try await store.endTransition(uai, by: actor, at: Date()) else {
                    print("La transition était déjà terminée pour \(uai).")
                    return
                }
                try await store.record(AuditEvent(kind: .legacyTransitionEnded, actor: actor, subject: uai.value))
                print("Transition terminée pour \(uai) : les anciens comptes ne sont plus acceptés.")
            }
        }
    }
}
