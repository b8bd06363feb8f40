import Foundation

/// The two exports this module reads, told apart by their root element.
public enum SIECLEExportKind: String, Sendable, Hashable, CustomStringConvertible {
    /// `BEE_ELEVES`: ElevesSansAdresses.xml / ElevesAvecAdresses.xml.
    case pupils
    /// `BEE_RESPONSABLES`: ResponsablesAvecAdresses.xml.
    case guardians

    public var rootElement: String { self == .pupils ? "BEE_ELEVES" : "BEE_RESPONSABLES" }

    public init?(rootElement: String) {
        switch rootElement {
        case "BEE_ELEVES": self = .pupils
        case "BEE_RESPONSABLES": self = .guardians
        default: return nil
        }
    }

    public var description: String { rawValue }
}

/// A recognised export: a plain XML file, or one XML entry of a zip.
public struct SIECLEDocument: Sendable, Hashable {
    public let url: URL
    /// The entry's path inside the zip at `url`; nil for a plain file.
    public let entryPath: String?
    public let kind: SIECLEExportKind

    public init(url: URL, entryPath: String?, kind: SIECLEExportKind) {
        self.url = url
        self.entryPath = entryPath
        self.kind = kind
    }

    /// `file.xml` or `archive.zip/entry.xml`, for messages.
    public var displayName: String {
        entryPath.map { "\(url.lastPathComponent)/\($0)" } ?? url.lastPathComponent
    }
}

/// Recognises exports by their root element, in plain files and in zips.
public enum SIECLEFile {
    /// True when the file starts like a zip archive.
    public static func isZip(_ url: URL) -> Bool {
        let magic = readMagic(path: url.path, count: 4)
        return magic.count == 4 && magic[0] == 0x50 && magic[1] == 0x4B
            && (magic[2] == 3 || magic[2] == 5 || magic[2] == 7)
    }

    /// The exports in a file: one for a plain XML file (else `wrongRootElement`),
    /// every recognised `.xml` entry for a zip (else `noExportInZip`).
    /// Only the bytes up to each root element are read.
    public static func detect(_ url: URL, limits: SIECLELimits = .default) throws -> [SIECLEDocument] {
        guard isZip(url) else {
            let reader = try openReader(url: url, entryPath: nil, label: url.lastPathComponent, limits: limits)
            let root = try reader.readRoot()
            guard let kind = SIECLEExportKind(rootElement: root) else {
                throw SIECLEError.wrongRootElement(file: url.lastPathComponent, found: root)
            }
            return [SIECLEDocument(url: url, entryPath: nil, kind: kind)]
        }
        let name = url.lastPathComponent
        // The entry count is checked on the central directory, before any entry is opened.
        let (fd, directory) = try ZipEntrySource.open(url, limits: limits)
        close(fd)
        var documents: [SIECLEDocument] = []
        for entry in directory.entries where entry.isFile {
            let path = entry.path
            guard path.lowercased().hasSuffix(".xml"), !path.hasPrefix("__MACOSX/") else { continue }
            // Opening the entry refuses a declared size or ratio over the limits.
            let reader = try openReader(url: url, entryPath: path, label: "\(name)/\(path)", limits: limits)
            if let kind = SIECLEExportKind(rootElement: try reader.readRoot()) {
                documents.append(SIECLEDocument(url: url, entryPath: path, kind: kind))
            }
        }
        if documents.isEmpty { throw SIECLEError.noExportInZip(file: name) }
        return documents
    }

    /// A record reader on a document, positioned after its root element,
    /// which must be the one of the document's kind.
    static func openReader(_ document: SIECLEDocument, limits: SIECLELimits) throws -> XMLRecordReader {
        let reader = try openReader(url: document.url, entryPath: document.entryPath,
                                    label: document.displayName, limits: limits)
        let root = try reader.readRoot()
        guard root == document.kind.rootElement else {
            throw SIECLEError.wrongRootElement(file: document.displayName, found: root)
        }
        return reader
    }

    private static func openReader(url: URL, entryPath: String?, label: String,
                                   limits: SIECLELimits) throws -> XMLRecordReader {
        let source: ByteSource
        if let entryPath {
            source = try ZipEntrySource(archiveURL: url, entryPath: entryPath, label: label, limits: limits)
        } else {
            source = try FileByteSource(path: url.path, label: label, limits: limits)
        }
        return try XMLRecordReader(source: source, label: label, limits: limits)
    }
}
