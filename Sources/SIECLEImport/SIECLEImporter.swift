import Accounts
import Foundation
import SIECLE
import SQLKit
import Storage
import Primitives

/// The SIECLE import, for the console's upload form and `sesame import-siecle`:
/// parse the files (streaming), compare with the directory, write
/// everything in one transaction or nothing.
public struct SIECLEImporter: Sendable {
    public let store: SQLStore
    public var limits: SIECLELimits
    /// SIECLE exports always carry the INE in secondary schools; écoles may not.
    public var requireINE: Bool

    public init(store: SQLStore, limits: SIECLELimits = .default, requireINE: Bool = true) {
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
                return try await store.database.run { db in
                    let snapshot = try await DirectorySnapshot.load(uai: uai, on: db)
                    if snapshot.establishment == nil && newEstablishment == nil { throw SIECLEImportError.unknownEstablishment(uai) }
                    var planner = ImportPlanner(result: result, uai: uai, snapshot: snapshot, dryRun: true, files: names)
                    return planner.make().report
                }
            }
            // Planned inside the transaction: nobody changes the directory between reading and writing.
            let engine = store.database.engine
            return try await store.database.transaction { db in
                // SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL
                // serialises two imports of one establishment on a lock of their own.
                if engine == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(7346239, hashtext(\(bind: uai.value)))").run()
                }
                var snapshot = try await DirectorySnapshot.load(uai: uai, on: db)
                if snapshot.establishment == nil {
                    guard let make = newEstablishment else { throw SIECLEImportError.unknownEstablishment(uai) }
                    let e = make(uai)
                    try await db.raw("""
                        INSERT INTO establishments (uai, name, city, kind, academie)
                        VALUES (\(bind: uai.value), \(bind: e.name), \(bind: e.city), \(bind: e.kind.rawValue), \(bind: e.academie))
                        """).run()
                    snapshot.establishment = e
                }
                var planner = ImportPlanner(result: result, uai: uai, snapshot: snapshot, dryRun: false, files: names)
                let plan = planner.make()
                if !plan.writesNothing { try await PlanWriter.apply(plan, on: db) }
                try await Self.audit(plan.report, actor: actor, on: db)
                return plan.report
            }
        } catch let error as SIECLEImportError {
            throw error
        } catch {
            throw SIECLEImportError.storage(String(describing: error))
        }
    }

    /// One event per import, in the same transaction as its writes.
    static func audit(_ report: ImportReport, actor: String, on db: any SQLDatabase) async throws {
        let detail = "pupils +\(report.pupils.added) ~\(report.pupils.changed) -\(report.pupils.left) =\(report.pupils.unchanged); "
            + "guardians +\(report.guardians.added) ~\(report.guardians.changed) -\(report.guardians.left) =\(report.guardians.unchanged); "
            + "accounts \(report.pupilAccountsCreated + report.guardianAccountsCreated); known elsewhere \(report.knownElsewhereGuardians.count); "
            + "without account \(report.withoutAccount.count); files \(report.files.joined(separator: ","))"
        let millis = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        try await db.raw("""
            INSERT INTO audit_events (at, kind, actor, subject, ip, detail)
            VALUES (\(bind: millis), \(bind: AuditEvent.Kind.siecleImported.rawValue), \(bind: actor), \(bind: report.uai.value), '', \(bind: detail))
            """).run()
    }
}

extension SIECLEImporter {
    /// The establishments a staff member may import for: all for the
    /// académie role (nil), otherwise the ones they manage.
    public static func allowedEstablishments(for staff: StaffMember) -> [UAI]? {
        staff.role == .academie ? nil : staff.establishments
    }
}
