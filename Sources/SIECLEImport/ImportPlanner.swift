import Accounts
import Foundation
import SIECLE
import Primitives

/// Compares a parsed export with what the directory holds and decides every
/// write. Pure: no database, so it is the same for a dry run and a real one.
struct ImportPlanner {
    let result: SIECLEImportResult
    let snapshot: DirectorySnapshot
    var plan: ImportPlan

    init(result: SIECLEImportResult, uai: UAI, snapshot: DirectorySnapshot, dryRun: Bool, files: [String]) {
        self.result = result
        self.snapshot = snapshot
        let report = ImportReport(uai: uai, establishmentName: snapshot.establishment?.name, dryRun: dryRun, files: files,
                                  schoolYear: result.pupils?.schoolYear ?? result.guardians?.schoolYear)
        plan = ImportPlan(uai: uai, report: report)
    }

    /// Validator findings by record: blocking ones and possible duplicates.
    private struct Findings {
        var pupilBlockers: [String: AccountBlocker] = [:]
        var personBlockers: [String: AccountBlocker] = [:]
        var pupilDuplicates: [String: PupilReference] = [:]
    }

    mutating func make() -> ImportPlan {
        let findings = classifyIssues()
        let pupilsInExport = planPupils(findings)
        planGuardiansAndLinks(findings, pupilsInExport: pupilsInExport)
        return plan
    }

    private mutating func classifyIssues() -> Findings {
        var findings = Findings()
        for issue in result.report.issues {
            switch issue {
            case let .pupilWithoutAccount(ref, .duplicateIdentifier):
                // The repeat is skipped; the first record with that ELEVE_ID is imported.
                noAccount(.pupil, .likelyDuplicate, ref.eleveID, ImportWording.name(ref.firstName, ref.familyName),
                          "ELEVE_ID déjà présent plus haut dans le fichier (ligne \(ref.line) ignorée)")
            case let .pupilWithoutAccount(ref, blocker):
                if ref.eleveID.isEmpty {
                    noAccount(.pupil, .incompleteRecord, "", ImportWording.name(ref.firstName, ref.familyName),
                              "\(ImportWording.french(blocker)) (ligne \(ref.line), fiche ignorée)")
                } else {
                    findings.pupilBlockers[ref.eleveID] = blocker
                }
            case let .personWithoutAccount(ref, .duplicateIdentifier):
                noAccount(.guardian, .likelyDuplicate, ref.personID, ImportWording.name(ref.firstName, ref.familyName),
                          "PERSONNE_ID déjà présent plus haut dans le fichier (ligne \(ref.line) ignorée)")
            case let .personWithoutAccount(ref, blocker):
                if ref.personID.isEmpty {
                    noAccount(.guardian, .incompleteRecord, "", ImportWording.name(ref.firstName, ref.familyName),
                              "\(ImportWording.french(blocker)) (ligne \(ref.line), fiche ignorée)")
                } else {
                    findings.personBlockers[ref.personID] = blocker
                }
            case let .possibleDuplicatePupil(ref, first):
                findings.pupilDuplicates[ref.eleveID] = first
            default:
                plan.report.warnings.append(issue.frenchMessage)
            }
        }
        return findings
    }

    // MARK: Pupils

    /// Plans pupil writes; returns the ELEVE_IDs imported (for links).
    private mutating func planPupils(_ findings: Findings) -> Set<String> {
        guard let export = result.pupils else { return [] }
        var seen = Set<String>()
        var ineSeen: [String: String] = [:]
        for pupil in export.pupils where !pupil.eleveID.isEmpty {
            guard seen.insert(pupil.eleveID).inserted else { continue }
            let fields = PupilFields(ine: pupil.ine, familyName: pupil.familyName, firstName: pupil.firstName,
                                     birthDate: pupil.birthDate?.iso8601, division: pupil.division,
                                     status: pupil.leavingDate == nil ? .enrolled : .left)
            let entryName = ImportWording.name(pupil.firstName, pupil.familyName)
            let stored = snapshot.pupils[pupil.eleveID]
            var account: AccountSource?
            if stored?.accountID == nil {
                account = pupilAccount(pupil, fields: fields, name: entryName, findings: findings, ineSeen: &ineSeen)
            } else if let ine = pupil.ine, ineSeen[ine] == nil {
                ineSeen[ine] = entryName
            }
            if let stored {
                if stored.fields == fields && account == nil {
                    plan.report.pupils.unchanged += 1
                    continue
                }
                plan.pupilUpdates.append(PupilUpdate(id: stored.id, fields: fields, account: account))
                if stored.fields.status == .enrolled && fields.status == .left {
                    plan.report.pupils.left += 1
                    plan.report.leftPupils.append(.init(siecleID: pupil.eleveID, name: entryName, detail: ImportWording.leaving(pupil)))
                } else {
                    plan.report.pupils.changed += 1
                    plan.report.changedPupils.append(.init(siecleID: pupil.eleveID, name: entryName,
                                                           detail: ImportWording.differences(stored.fields, fields, accountCreated: account != nil)))
                }
            } else {
                plan.pupilInserts.append(PupilWrite(siecleID: pupil.eleveID, fields: fields, account: account))
                plan.report.pupils.added += 1
                plan.report.addedPupils.append(.init(siecleID: pupil.eleveID, name: entryName,
                                                     detail: [fields.division.map { "classe \($0)" }, fields.status == .left ? "déjà sorti" : nil]
                                                        .compactMap { $0 }.joined(separator: ", ")))
            }
        }
        // Enrolled before, absent now: left. The account stays.
        for (eleveID, stored) in snapshot.pupils.sorted(by: { $0.key < $1.key })
        where !seen.contains(eleveID) && stored.fields.status == .enrolled {
            var fields = stored.fields
            fields.status = .left
            plan.pupilUpdates.append(PupilUpdate(id: stored.id, fields: fields, account: nil))
            plan.report.pupils.left += 1
            plan.report.leftPupils.append(.init(siecleID: eleveID, name: ImportWording.name(stored.fields.firstName, stored.fields.familyName),
                                                detail: "absent de l'export"))
        }
        return seen
    }

    /// The account a pupil without one gets, or nil with the reason reported.
    private mutating func pupilAccount(_ pupil: ExportedPupil, fields: PupilFields, name entryName: String,
                                       findings: Findings, ineSeen: inout [String: String]) -> AccountSource? {
        func refuse(_ reason: ImportReport.NoAccountReason, _ detail: String) -> AccountSource? {
            noAccount(.pupil, reason, pupil.eleveID, entryName, detail)
            return nil
        }
        if let blocker = findings.pupilBlockers[pupil.eleveID] { return refuse(.incompleteRecord, ImportWording.french(blocker)) }
        if let first = findings.pupilDuplicates[pupil.eleveID] {
            return refuse(.likelyDuplicate, "mêmes nom, prénom et date de naissance que \(ImportWording.name(first.firstName, first.familyName)) (ELEVE_ID \(first.eleveID))")
        }
        guard let ine = pupil.ine else { return refuse(.incompleteRecord, "INE absent") }
        if let first = ineSeen[ine] { return refuse(.likelyDuplicate, "même INE \(ine) que \(first)") }
        ineSeen[ine] = entryName
        if fields.status == .left { return refuse(.alreadyLeft, ImportWording.leaving(pupil)) }
        let elsewhere = snapshot.pupilAccountsByINE[ine] ?? []
        if let current = elsewhere.first(where: { $0.status == .enrolled }) {
            return refuse(.enrolledElsewhere, "INE \(ine) inscrit et doté d'un compte dans l'établissement \(current.uai)")
        }
        // A pupil who moved keeps the account of the former establishment.
        if let former = elsewhere.first {
            plan.report.pupilAccountsKept += 1
            return .existing(former.accountID)
        }
        plan.accounts.append(AccountSpec(role: .pupil, familyName: pupil.familyName, firstName: pupil.firstName))
        plan.report.pupilAccountsCreated += 1
        return .create(plan.accounts.count - 1)
    }

    // MARK: Guardians and links

    private mutating func planGuardiansAndLinks(_ findings: Findings, pupilsInExport: Set<String>) {
        guard let export = result.guardians else { return }
        func pupilRef(_ eleveID: String) -> RowRef? {
            if let stored = snapshot.pupils[eleveID] { return .stored(stored.id) }
            return pupilsInExport.contains(eleveID) ? .new(eleveID) : nil
        }
        // Legal links to pupils we know, first occurrence of each pair.
        var desired: [(LinkKey, Int)] = []
        var desiredKeys = Set<LinkKey>()
        var legalPersons = Set<String>()
        for link in export.links where (1...2).contains(link.legalRank) && pupilRef(link.eleveID) != nil {
            let key = LinkKey(personID: link.personID, eleveID: link.eleveID)
            guard desiredKeys.insert(key).inserted else { continue }
            desired.append((key, link.legalRank))
            legalPersons.insert(link.personID)
        }

        var seen = Set<String>()
        var contactKeys: [String: (id: String, name: String)] = [:]
        for person in export.persons where !person.personID.isEmpty {
            guard seen.insert(person.personID).inserted else { continue }
            let fields = GuardianFields(civility: person.civility, familyName: person.familyName, firstName: person.firstName,
                                        mobile: person.mobile, email: person.email, acceptsSMS: person.acceptsSMS ?? true)
            let entryName = ImportWording.name(person.firstName, person.familyName)
            let keys = GuardianKey.keys(familyName: person.familyName, firstName: person.firstName,
                                        mobileKey: person.mobile.flatMap(MobileNumber.init)?.key, email: person.email)
            let twin = keys.compactMap { contactKeys[$0] }.first
            for key in keys where contactKeys[key] == nil { contactKeys[key] = (person.personID, entryName) }
            let stored = snapshot.guardians[person.personID]
            var account: AccountSource?
            if stored?.accountID == nil {
                if let blocker = findings.personBlockers[person.personID] {
                    noAccount(.guardian, .incompleteRecord, person.personID, entryName, ImportWording.french(blocker))
                } else if !legalPersons.contains(person.personID) {
                    noAccount(.guardian, .notLegalGuardian, person.personID, entryName,
                              "aucun lien RESP_LEGAL 1 ou 2 vers un élève connu")
                } else if let twin {
                    noAccount(.guardian, .likelyDuplicate, person.personID, entryName,
                              "mêmes nom, prénom et téléphone portable ou courriel que \(twin.name) (PERSONNE_ID \(twin.id))")
                } else {
                    // Names and a contact are what any school can type: an
                    // account of another establishment is never attached on
                    // them. The parent joins the two with proof (the other
                    // account's password) from "Mon compte".
                    if keys.contains(where: snapshot.guardianKeysElsewhere.contains) {
                        plan.report.knownElsewhereGuardians.append(.init(siecleID: person.personID, name: entryName,
                            detail: "mêmes nom, prénom et contact qu'un compte d'un autre établissement : nouveau compte, que le parent pourra regrouper avec l'autre"))
                    }
                    plan.accounts.append(AccountSpec(role: .guardian, familyName: person.familyName, firstName: person.firstName))
                    plan.report.guardianAccountsCreated += 1
                    account = .create(plan.accounts.count - 1)
                }
            }
            if let stored {
                if stored.fields == fields && account == nil {
                    plan.report.guardians.unchanged += 1
                    continue
                }
                plan.guardianUpdates.append(GuardianUpdate(id: stored.id, fields: fields, account: account))
                plan.report.guardians.changed += 1
                plan.report.changedGuardians.append(.init(siecleID: person.personID, name: entryName,
                                                          detail: ImportWording.differences(stored.fields, fields, accountCreated: account != nil)))
            } else {
                plan.guardianInserts.append(GuardianWrite(siecleID: person.personID, fields: fields, account: account))
                plan.report.guardians.added += 1
                plan.report.addedGuardians.append(.init(siecleID: person.personID, name: entryName))
            }
        }
        let linkedPersons = Set(snapshot.links.keys.map(\.personID))
        for (personID, stored) in snapshot.guardians.sorted(by: { $0.key < $1.key }) where !seen.contains(personID) {
            // Kept with its account; only its legal links go (below), so a
            // second run does not count it again.
            if linkedPersons.contains(personID) {
                plan.report.guardians.left += 1
                plan.report.goneGuardians.append(.init(siecleID: personID, name: ImportWording.name(stored.fields.firstName, stored.fields.familyName),
                                                       detail: "liens légaux retirés, compte conservé"))
            }
        }

        for (key, rank) in desired {
            guard seen.contains(key.personID) else { continue }
            if let stored = snapshot.links[key] {
                if stored.rank == rank {
                    plan.report.links.unchanged += 1
                } else {
                    plan.linkUpdates.append(StoredLink(guardianID: stored.guardianID, pupilID: stored.pupilID, rank: rank))
                    plan.report.links.changed += 1
                }
            } else if let pupil = pupilRef(key.eleveID) {
                let guardian: RowRef = snapshot.guardians[key.personID].map { .stored($0.id) } ?? .new(key.personID)
                plan.linkInserts.append(LinkWrite(guardian: guardian, pupil: pupil, rank: rank))
                plan.report.links.added += 1
            }
        }
        let kept = Set(desired.map { $0.0 }.filter { seen.contains($0.personID) })
        for (key, stored) in snapshot.links where !kept.contains(key) {
            plan.linkDeletes.append(stored)
            plan.report.links.left += 1
        }
    }

    // MARK: Helpers

    private mutating func noAccount(_ kind: ImportReport.WithoutAccount.Kind, _ reason: ImportReport.NoAccountReason,
                                    _ id: String, _ name: String, _ detail: String) {
        plan.report.withoutAccount.append(.init(kind: kind, reason: reason, entry: .init(siecleID: id, name: name, detail: detail)))
    }

}
