import Accounts
import Foundation
import SIECLE
import Primitives

/// The SIECLE import, for the console's upload form and `sesame import-siecle`:
/// parse the files (streaming), compare with the directory, write
/// everything in one transaction or nothing.
public struct SIECLEImporter: Sendable {
    public let store: any DirectoryImportStore
    public var limits: SIECLELimits
    /// SIECLE exports always carry the INE in secondary schools; écoles may not.
    public var requireINE: Bool

    public init(store: any DirectoryImportStore, limits: SIECLELimits = .default, requireINE: Bool = true) {
        self.store = store; self.limits = limits; self.requireINE = requireINE
    }

    /// Imports the exports in `files` (plain XML or zips, pupils and/or guardians of one establishment).
    /// - Parameters:
    ///   - allowedEstablishments: the UAIs the staff member manages; nil for all (académie, command line).
    ///   - dryRun: compute and return the report without writing anything.
    ///   - actor: who imports, for the audit trail (a staff login, `cli`).
    ///   - newEstablishment: how to create the establishment when the directory lacks it; nil refuses the import.
    /// - Throws: `SIECLEImportError` only; nothing is written when it throws.
    public func run(files: [URL], allowedEstablishments: [UAI]?, dryRun: Bool, actor: String,
                    newEstablishment: (@Sendable (UAI) -> Establishment)? = nil) async throws -> ImportReport {
        let result: SIECLEImportResult
        do {
            result = try SIECLEParser.parseFiles(files, requireINE: requireINE, limits: limits)
        } catch let error as SIECLEError {
            throw SIECLEImportError.file(error)
        }
        let firstFile = result.documents.first?.displayName ?? files.first?.lastPathComponent ?? ""
        let code = result.pupils?.uai ?? result.guardians?.uai ?? ""
        guard let uai = UAI(code) else { throw SIECLEImportError.file(.invalidUAJ(file: firstFile, value: code)) }
        if let allowed = allowedEstablishments, !allowed.contains(uai) {
            throw SIECLEImportError.establishmentNotAllowed(file: firstFile, uai: uai.value)
        }
        let names = result.documents.map(\.displayName)
        do {
            if dryRun {
                let snapshot = try await store.importSnapshot(uai: uai)
                if snapshot.establishment == nil && newEstablishment == nil { throw SIECLEImportError.unknownEstablishment(uai) }
                var planner = ImportPlanner(result: result, uai: uai, snapshot: snapshot, dryRun: true, files: names)
                return planner.make().report
            }
            // Planned inside the transaction: nobody changes the directory between reading and writing.
            return try await store.importTransaction(uai: uai) { transaction in
                var snapshot = try await transaction.snapshot(uai: uai)
                if snapshot.establishment == nil {
                    guard let make = newEstablishment else { throw SIECLEImportError.unknownEstablishment(uai) }
                    let establishment = make(uai)
                    try await transaction.createEstablishment(establishment)
                    snapshot.establishment = establishment
                }
                var planner = ImportPlanner(result: result, uai: uai, snapshot: snapshot, dryRun: false, files: names)
                let plan = planner.make()
                if !plan.writesNothing { try await transaction.apply(plan.changes, now: Date()) }
                try await transaction.record(Self.auditEvent(plan.report, actor: actor))
                return plan.report
            }
        } catch let error as SIECLEImportError {
            throw error
        } catch StoreFailure.diskFull {
            throw SIECLEImportError.diskFull
        } catch {
            throw SIECLEImportError.storage(String(describing: error))
        }
    }

    /// One event per import, written in the same transaction as its writes.
    static func auditEvent(_ report: ImportReport, actor: String) -> AuditEvent {
        let detail = "pupils +\(report.pupils.added) ~\(report.pupils.changed) -\(report.pupils.left) =\(report.pupils.unchanged); "
            + "guardians +\(report.guardians.added) ~\(report.guardians.changed) -\(report.guardians.left) =\(report.guardians.unchanged); "
            + "accounts \(report.pupilAccountsCreated + report.guardianAccountsCreated); known elsewhere \(report.knownElsewhereGuardians.count); "
            + "without account \(report.withoutAccount.count); files \(report.files.joined(separator: ","))"
        return AuditEvent(kind: .siecleImported, actor: actor, subject: report.uai.value, ip: "", detail: detail)
    }
}

extension SIECLEImporter {
    /// The establishments a staff member may import for: all for the
    /// académie role (nil), otherwise the ones they manage.
    public static func allowedEstablishments(for staff: StaffMember) -> [UAI]? {
        staff.role == .academie ? nil : staff.establishments
    }
}
