import Foundation

/// Entry points reading whole exports, built on the stream readers.
public enum SIECLEParser {
    /// Calls `body` for every event of a pupils export, in file order.
    public static func forEachPupilsEvent(_ document: SIECLEDocument, limits: SIECLELimits = .default,
                                          _ body: (PupilsEvent) throws -> Void) throws {
        let reader = try PupilsStreamReader(document: document, limits: limits)
        while let event = try reader.next() { try body(event) }
    }

    /// Calls `body` for every event of a guardians export, in file order.
    public static func forEachGuardiansEvent(_ document: SIECLEDocument, limits: SIECLELimits = .default,
                                             _ body: (GuardiansEvent) throws -> Void) throws {
        let reader = try GuardiansStreamReader(document: document, limits: limits)
        while let event = try reader.next() { try body(event) }
    }

    /// A whole pupils export in memory, each pupil with its class and groups.
    public static func readPupils(_ document: SIECLEDocument, limits: SIECLELimits = .default) throws -> PupilsExport {
        var header: ExportHeader?
        var pupils: [ExportedPupil] = []
        var indexByID: [String: Int] = [:]
        try forEachPupilsEvent(document, limits: limits) { event in
            switch event {
            case let .header(value):
                header = value
            case let .pupil(pupil):
                if indexByID[pupil.eleveID] == nil { indexByID[pupil.eleveID] = pupils.count }
                pupils.append(pupil)
            case let .structures(structures):
                guard let index = indexByID[structures.eleveID] else { return }
                pupils[index].division = structures.division
                pupils[index].groups = structures.groups
            }
        }
        guard let header else { throw SIECLEError.missingUAJ(file: document.displayName) }
        return PupilsExport(header: header, pupils: pupils)
    }

    /// A whole guardians export in memory.
    public static func readGuardians(_ document: SIECLEDocument, limits: SIECLELimits = .default) throws -> GuardiansExport {
        var header: ExportHeader?
        var persons: [ExportedPerson] = []
        var links: [ExportedLink] = []
        try forEachGuardiansEvent(document, limits: limits) { event in
            switch event {
            case let .header(value): header = value
            case let .person(person): persons.append(person)
            case let .link(link): links.append(link)
            }
        }
        guard let header else { throw SIECLEError.missingUAJ(file: document.displayName) }
        return GuardiansExport(header: header, persons: persons, links: links)
    }

    /// The pupils export in a file (plain or zipped).
    public static func readPupils(at url: URL, limits: SIECLELimits = .default) throws -> PupilsExport {
        let documents = try SIECLEFile.detect(url, limits: limits)
        guard let document = documents.first(where: { $0.kind == .pupils }) else {
            throw SIECLEError.wrongRootElement(file: url.lastPathComponent, found: SIECLEExportKind.guardians.rootElement)
        }
        return try readPupils(document, limits: limits)
    }

    /// The guardians export in a file (plain or zipped).
    public static func readGuardians(at url: URL, limits: SIECLELimits = .default) throws -> GuardiansExport {
        let documents = try SIECLEFile.detect(url, limits: limits)
        guard let document = documents.first(where: { $0.kind == .guardians }) else {
            throw SIECLEError.wrongRootElement(file: url.lastPathComponent, found: SIECLEExportKind.pupils.rootElement)
        }
        return try readGuardians(document, limits: limits)
    }

    /// The events of a pupils export as an AsyncSequence (pulled on demand).
    public static func pupilsEvents(_ document: SIECLEDocument, limits: SIECLELimits = .default) -> PupilsEventSequence {
        PupilsEventSequence(document: document, limits: limits)
    }

    /// The events of a guardians export as an AsyncSequence (pulled on demand).
    public static func guardiansEvents(_ document: SIECLEDocument, limits: SIECLELimits = .default) -> GuardiansEventSequence {
        GuardiansEventSequence(document: document, limits: limits)
    }
}
