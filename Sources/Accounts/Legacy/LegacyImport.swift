import Foundation
import LegacyCredentials

/// What an import did (or, dry run, would do), for the administrator.
public struct LegacyImportReport: Sendable {
    public struct Skipped: Sendable, Equatable {
        public var line: Int
        public var login: String
        public init(line: Int, login: String) { self.line = line; self.login = login }
    }
    public struct Unmatched: Sendable, Equatable {
        public var line: Int
        public var login: String
        public var reason: LegacyMismatch
        public init(line: Int, login: String, reason: LegacyMismatch) { self.line = line; self.login = login; self.reason = reason }
    }

    public var dryRun: Bool
    /// Rows written (or to be written, dry run).
    public var imported: [LegacyAccount]
    /// Logins imported earlier: left as they are, never overwritten.
    public var alreadyPresent: [Skipped]
    public var unmatched: [Unmatched]

    /// The French report printed by `sesame import-legacy`.
    public var french: String {
        var lines = [dryRun ? "Simulation : rien n'a été enregistré." : "Import terminé."]
        lines.append("\(dryRun ? "À importer" : "Importés") : \(imported.count)")
        lines.append("Déjà présents : \(alreadyPresent.count)")
        lines.append("Sans correspondance : \(unmatched.count)")
        for row in alreadyPresent { lines.append("  Ligne \(row.line) : « \(row.login) » déjà importé, laissé tel quel.") }
        for row in unmatched { lines.append("  Ligne \(row.line) : « \(row.login) » non importé : \(row.reason.userMessage).") }
        return lines.joined(separator: "\n")
    }
}

/// Reads an export, matches each row to the directory and writes the
/// matched rows in one transaction. A file with any problem writes nothing
/// (the readers are all-or-nothing); unmatched rows are reported, not guessed.
public struct LegacyImporter: Sendable {
    public enum Format: String, Sendable, CaseIterable { case ldif, csv }

    public let store: any SesameStore
    public init(store: any SesameStore) { self.store = store }

    /// Throws `ImportFailure` (line-numbered French problems) before touching the database.
    public func run(_ data: Data, format: Format, mapping: LegacyFieldMapping, dryRun: Bool,
                    actor: String = "cli", now: Date = Date()) async throws -> LegacyImportReport {
        let records = try Self.read(data, format: format, mapping: mapping)
        var report = Self.plan(records, matcher: LegacyMatcher(directory: try await store.legacyDirectory()),
                               existing: try await store.legacyLoginKeys(), now: now, dryRun: dryRun)
        guard !dryRun, !report.imported.isEmpty else { return report }
        let inserted = try await store.importLegacyAccounts(report.imported)
        // Another import may have taken some logins meanwhile: report them as present.
        let raced = report.imported.filter { !inserted.contains($0.loginKey) }
        report.imported.removeAll { !inserted.contains($0.loginKey) }
        report.alreadyPresent += raced.map { .init(line: $0.sourceLine, login: $0.login) }
        try await store.record(AuditEvent(at: now, kind: .legacyImported, actor: actor,
                                          detail: "\(report.imported.count) imported, \(report.alreadyPresent.count) present, \(report.unmatched.count) unmatched"))
        return report
    }

    /// The records of an uploaded export, as the import reads them (and the fuzzers).
    public static func read(_ data: Data, format: Format, mapping: LegacyFieldMapping) throws(ImportFailure) -> [LegacyRecord] {
        switch format {
        case .ldif: try LDIFReader(mapping: mapping).read(data)
        case .csv: try CSVReader(mapping: mapping).read(data)
        }
    }

    /// Pure: which rows go in, which are already there, which match nobody.
    public static func plan(_ records: [LegacyRecord], matcher: LegacyMatcher, existing: Set<String>, now: Date,
                            dryRun: Bool) -> LegacyImportReport {
        var report = LegacyImportReport(dryRun: dryRun, imported: [], alreadyPresent: [], unmatched: [])
        for record in records {
            if existing.contains(LegacyAccount.key(record.login)) {
                report.alreadyPresent.append(.init(line: record.line, login: record.login))
                continue
            }
            let birth = record.birthDate.flatMap { CalendarDate(year: $0.year, month: $0.month, day: $0.day) }
            let identity = LegacyIdentity(familyName: record.familyName, firstName: record.firstName,
                                          birthDate: birth, linkedPupilID: record.linkedPupilID)
            switch matcher.match(identity) {
            case .unmatched(let reason):
                report.unmatched.append(.init(line: record.line, login: record.login, reason: reason))
            case .matched(let accountID, let establishments):
                report.imported.append(LegacyAccount(
                    login: record.login, passwordHash: record.passwordHash.stored, scheme: record.passwordHash.scheme.rawValue,
                    familyName: record.familyName, firstName: record.firstName, birthDate: birth,
                    linkedPupilID: record.linkedPupilID, email: record.email, accountID: accountID,
                    establishments: establishments, sourceLine: record.line, importedAt: now))
            }
        }
        return report
    }
}
