import Accounts
import Foundation
import Primitives

/// What an import did (or, for a dry run, would do), for the console page
/// and the command line. Built from the plan, so a dry run and a real run
/// of the same files show the same report.
public struct ImportReport: Sendable, Hashable {
    public struct Counts: Sendable, Hashable {
        public var added = 0, changed = 0, left = 0, unchanged = 0
        public init() {}
        public var touched: Int { added + changed + left }
    }

    /// One person named in the report.
    public struct Entry: Sendable, Hashable {
        public var siecleID: String
        public var name: String
        /// What changed, or why no account, in French.
        public var detail: String
        public init(siecleID: String, name: String, detail: String = "") {
            self.siecleID = siecleID; self.name = name; self.detail = detail
        }
    }

    public enum NoAccountReason: String, Sendable, Hashable {
        /// No birth date, no INE, no name… (the validator's blocking findings).
        case incompleteRecord
        /// The INE has an account in another establishment where the pupil is still enrolled.
        case enrolledElsewhere
        /// Same names and birth date as another pupil, or the same guardian twice.
        case likelyDuplicate
        /// Only a contact (RESP_LEGAL 0) or linked to no known pupil.
        case notLegalGuardian
        /// The pupil left (DATE_SORTIE) before ever getting an account.
        case alreadyLeft

        public var label: String {
            switch self {
            case .incompleteRecord: "fiche incomplète"
            case .enrolledElsewhere: "élève inscrit dans un autre établissement en même temps"
            case .likelyDuplicate: "doublon probable"
            case .notLegalGuardian: "pas représentant légal"
            case .alreadyLeft: "élève déjà sorti"
            }
        }
    }

    public struct WithoutAccount: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case pupil, guardian }
        public var kind: Kind
        public var reason: NoAccountReason
        public var entry: Entry
        public init(kind: Kind, reason: NoAccountReason, entry: Entry) {
            self.kind = kind; self.reason = reason; self.entry = entry
        }
        public var frenchMessage: String {
            let who = kind == .pupil ? "Élève" : "Responsable"
            let id = kind == .pupil ? "ELEVE_ID" : "PERSONNE_ID"
            return "\(who) \(entry.name) (\(id) \(entry.siecleID.isEmpty ? "absent" : entry.siecleID)) : pas de compte, \(reason.label) — \(entry.detail)"
        }
    }

    public var uai: UAI
    public var establishmentName: String?
    public var dryRun: Bool
    public var files: [String]
    public var schoolYear: String?

    public var pupils = Counts()
    public var guardians = Counts()
    public var links = Counts()
    public var pupilAccountsCreated = 0
    public var guardianAccountsCreated = 0
    /// Pupil records attached to the account they had in a former establishment.
    public var pupilAccountsKept = 0

    public var addedPupils: [Entry] = []
    public var changedPupils: [Entry] = []
    public var leftPupils: [Entry] = []
    public var addedGuardians: [Entry] = []
    public var changedGuardians: [Entry] = []
    /// Guardians no longer in the export: their legal links are removed, not their account.
    public var goneGuardians: [Entry] = []
    /// New guardians whose names and contact match an account of another
    /// establishment: they get their own account (never that one), for the
    /// parent to group with proof.
    public var knownElsewhereGuardians: [Entry] = []
    public var withoutAccount: [WithoutAccount] = []
    /// Findings that do not block an account (unreadable values, unknown links…), in French.
    public var warnings: [String] = []

    public init(uai: UAI, establishmentName: String?, dryRun: Bool, files: [String], schoolYear: String?) {
        self.uai = uai; self.establishmentName = establishmentName; self.dryRun = dryRun
        self.files = files; self.schoolYear = schoolYear
    }

    /// True when applying the plan writes nothing to the directory.
    public var changesNothing: Bool {
        pupils.touched == 0 && guardians.touched == 0 && links.touched == 0
            && pupilAccountsCreated == 0 && guardianAccountsCreated == 0
            && pupilAccountsKept == 0
    }

    /// The report in a few French lines, for a flash message or the terminal.
    public var summaryLines: [String] {
        var lines: [String] = []
        let school = establishmentName.map { "\($0) (\(uai.value))" } ?? uai.value
        lines.append(dryRun ? "Simulation d'import SIECLE pour \(school) : rien n'a été enregistré."
                            : "Import SIECLE pour \(school) enregistré.")
        lines.append("Élèves : \(pupils.added) ajouté(s), \(pupils.changed) modifié(s), \(pupils.left) sorti(s), \(pupils.unchanged) inchangé(s).")
        lines.append("Responsables : \(guardians.added) ajouté(s), \(guardians.changed) modifié(s), \(guardians.left) retiré(s), \(guardians.unchanged) inchangé(s).")
        lines.append("Liens légaux : \(links.added) ajouté(s), \(links.changed) modifié(s), \(links.left) supprimé(s), \(links.unchanged) inchangé(s).")
        lines.append("Comptes créés : \(pupilAccountsCreated) élève(s), \(guardianAccountsCreated) responsable(s) ; \(knownElsewhereGuardians.count) responsable(s) peut-être déjà connu(s) dans un autre établissement (compte distinct) ; \(pupilAccountsKept) élève(s) retrouvant leur compte.")
        if !withoutAccount.isEmpty {
            lines.append("Sans compte : \(withoutAccount.count) fiche(s).")
        }
        if changesNothing { lines.append("Aucun changement par rapport à l'import précédent.") }
        return lines
    }

    /// The report as text: summary, then each list, at most `limit` lines
    /// per list (an académie file lists 100,000 added pupils).
    public func fullText(limit: Int = .max) -> String {
        var out = summaryLines
        func more(_ count: Int) {
            if count > limit { out.append("  … et \(count - limit) autre(s).") }
        }
        func section(_ title: String, _ entries: [Entry]) {
            guard !entries.isEmpty else { return }
            out.append("")
            out.append("\(title) (\(entries.count)) :")
            out += entries.prefix(limit).map { "  - \($0.name) (\($0.siecleID))" + ($0.detail.isEmpty ? "" : " : \($0.detail)") }
            more(entries.count)
        }
        section("Élèves ajoutés", addedPupils)
        section("Élèves modifiés", changedPupils)
        section("Élèves sortis", leftPupils)
        section("Responsables ajoutés", addedGuardians)
        section("Responsables modifiés", changedGuardians)
        section("Responsables absents de l'export", goneGuardians)
        section("Responsables peut-être déjà connus dans un autre établissement (compte distinct, à regrouper par le parent)", knownElsewhereGuardians)
        if !withoutAccount.isEmpty {
            out.append("")
            out.append("Fiches sans compte (\(withoutAccount.count)) :")
            out += withoutAccount.prefix(limit).map { "  - " + $0.frenchMessage }
            more(withoutAccount.count)
        }
        if !warnings.isEmpty {
            out.append("")
            out.append("Remarques (\(warnings.count)) :")
            out += warnings.prefix(limit).map { "  - " + $0 }
            more(warnings.count)
        }
        return out.joined(separator: "\n")
    }
}
