import Foundation

/// What a set of files yields: at most one export of each kind, validated together.
public struct SIECLEImportResult: Sendable, Hashable {
    /// Every export recognised among the files.
    public let documents: [SIECLEDocument]
    public let pupils: PupilsExport?
    public let guardians: GuardiansExport?
    public let report: SIECLEValidationReport
}

extension SIECLEParser {
    /// Recognises the exports among `urls` (plain XML or zips), checks that
    /// there is at most one of each kind, that both are for the same UAJ (and
    /// for `expectedUAI` when given), parses them and validates them together.
    /// Throws `SIECLEError`.
    public static func parseFiles(_ urls: [URL], expectedUAI: String? = nil, requireINE: Bool = true,
                                  limits: SIECLELimits = .default) throws -> SIECLEImportResult {
        let documents = try selectDocuments(urls, limits: limits)
        let pupilsDocument = documents.first { $0.kind == .pupils }
        let guardiansDocument = documents.first { $0.kind == .guardians }
        let pupils = try pupilsDocument.map { try readPupils($0, limits: limits) }
        let guardians = try guardiansDocument.map { try readGuardians($0, limits: limits) }
        if let expected = expectedUAI?.uppercased() {
            if let pupils, let pupilsDocument, pupils.uai != expected {
                throw SIECLEError.wrongEstablishment(file: pupilsDocument.displayName, expected: expected, found: pupils.uai)
            }
            if let guardians, let guardiansDocument, guardians.uai != expected {
                throw SIECLEError.wrongEstablishment(file: guardiansDocument.displayName, expected: expected, found: guardians.uai)
            }
        }
        if let pupils, let guardians, pupils.uai != guardians.uai {
            throw SIECLEError.uajMismatch(pupils: pupils.uai, guardians: guardians.uai)
        }
        var validator = SIECLEValidator(requireINE: requireINE)
        for pupil in pupils?.pupils ?? [] { validator.add(pupil) }
        for person in guardians?.persons ?? [] { validator.add(person) }
        for link in guardians?.links ?? [] { validator.add(link) }
        return SIECLEImportResult(documents: documents, pupils: pupils, guardians: guardians,
                                  report: validator.report())
    }

    /// The exports among `urls`, at most one of each kind.
    public static func selectDocuments(_ urls: [URL], limits: SIECLELimits = .default) throws -> [SIECLEDocument] {
        var chosen: [SIECLEExportKind: SIECLEDocument] = [:]
        var documents: [SIECLEDocument] = []
        for url in urls {
            for document in try SIECLEFile.detect(url, limits: limits) {
                if let first = chosen[document.kind] {
                    throw SIECLEError.duplicateExport(kind: document.kind, first: first.displayName,
                                                      second: document.displayName)
                }
                chosen[document.kind] = document
                documents.append(document)
            }
        }
        if documents.isEmpty { throw SIECLEError.noExport }
        return documents
    }
}
