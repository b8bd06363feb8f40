/// What both stream readers share: the document, its records, and the
/// PARAMETRES header that must come before any pupil or guardian.
final class ExportRecords {
    enum Item { case header(ExportHeader), record(RawRecord) }

    let document: SIECLEDocument
    private let records: XMLRecordReader
    private(set) var header: ExportHeader?

    init(_ document: SIECLEDocument, kind: SIECLEExportKind, limits: SIECLELimits) throws {
        guard document.kind == kind else {
            throw SIECLEError.wrongRootElement(file: document.displayName, found: document.kind.rootElement)
        }
        self.document = document
        records = try SIECLEFile.openReader(document, limits: limits)
    }

    /// The header the first time it is met (later copies are skipped), the
    /// other records as they come, nil at the end (once a header was seen).
    func next(root: String) throws -> Item? {
        while let record = try records.nextRecord() {
            guard (record.container, record.name) == (root, "PARAMETRES") else { return .record(record) }
            guard header == nil else { continue }
            let parsed = try record.header(file: document.displayName)
            header = parsed
            return .header(parsed)
        }
        try requireHeader()
        return nil
    }

    /// The next event of a stream reader: the header, or the first record
    /// that `event` turns into one, which needs the header before it.
    func nextEvent<Event>(root: String, header: (ExportHeader) -> Event, record event: (RawRecord) -> Event?) throws -> Event? {
        while let item = try next(root: root) {
            switch item {
            case .header(let found): return header(found)
            case .record(let record):
                guard let decoded = event(record) else { continue }
                try requireHeader()
                return decoded
            }
        }
        return nil
    }

    func requireHeader() throws {
        if header == nil { throw SIECLEError.missingUAJ(file: document.displayName) }
    }
}
