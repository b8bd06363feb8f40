import CLibXML2

/// One record of a BEE export: `PARAMETRES` (a child of the root) or a child
/// of a `DONNEES` section (`ELEVE`, `STRUCTURES_ELEVE`, `PERSONNE`…), with its
/// attributes, its text-only children (`fields`) and the children that have
/// children of their own (`children`, e.g. each `STRUCTURE`).
struct RawRecord {
    var name: String
    var container: String
    var attributes: [String: String] = [:]
    var fields: [String: String] = [:]
    var children: [RawRecord] = []
    var line: Int = 0
}

/// Pulls records one at a time from libxml2's xmlTextReader, which keeps only
/// the current node in memory. No DTD is loaded, no entity substituted, no
/// network used; a DOCTYPE stops the read before its internal subset.
final class XMLRecordReader {
    private static let initialized: Void = { xmlInitParser() }()

    private var reader: xmlTextReaderPtr?
    private let input: InputContext
    let label: String
    private let maxDepth: Int
    private var names: [UnsafeRawPointer: String] = [:]
    private var path: [String] = []
    private(set) var rootName: String?
    private var ended = false

    init(source: ByteSource, label: String, limits: SIECLELimits) throws {
        _ = XMLRecordReader.initialized
        self.label = label
        maxDepth = limits.maxDepth
        input = InputContext(source: source, label: label, maxBytes: limits.maxFileSize)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue
                            | XML_PARSE_COMPACT.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let saved = sesame_xml_silence_errors()
        defer { sesame_xml_restore_errors(saved) }
        reader = xmlReaderForIO(siecleReadCallback, nil, input.opaque, nil, nil, options)
        guard let reader else {
            source.close()
            throw input.failure ?? SIECLEError.malformedXML(file: label, line: 0, detail: "empty document")
        }
        xmlTextReaderSetStructuredErrorHandler(reader, siecleErrorCallback, input.opaque)
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
        input.source.close()
    }

    /// Reads up to the root element and returns its name.
    func readRoot() throws -> String {
        if let rootName { return rootName }
        let saved = sesame_xml_silence_errors()
        defer { sesame_xml_restore_errors(saved) }
        while let type = try step() {
            guard type == 1 else { continue }
            let name = currentName()
            rootName = name
            path = [name]
            return name
        }
        throw SIECLEError.malformedXML(file: label, line: 0, detail: "no root element")
    }

    /// The next record, or nil at the end of the document (whose tail is then checked).
    func nextRecord() throws -> RawRecord? {
        if rootName == nil { _ = try readRoot() }
        let saved = sesame_xml_silence_errors()
        defer { sesame_xml_restore_errors(saved) }
        var record = RawRecord(name: "", container: "")
        var recordDepth = -1
        var fieldName = ""
        var fieldText = ""
        var fieldAttributes: [String: String] = [:]
        var child: RawRecord?
        var subName = ""
        var subText = ""
        while let type = try step() {
            let depth = Int(xmlTextReaderDepth(reader))
            switch type {
            case 1:
                if depth >= maxDepth { throw SIECLEError.tooDeep(file: label, limit: maxDepth) }
                let name = currentName()
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                if depth < path.count { path.removeSubrange(depth...) }
                path.append(name)
                if recordDepth < 0 {
                    guard isRecordStart(depth: depth, name: name) else { continue }
                    record = RawRecord(name: name, container: path[depth - 1], attributes: attributes(),
                                       line: Int(xmlGetLineNo(xmlTextReaderCurrentNode(reader))))
                    if empty { return record }
                    record.fields.reserveCapacity(32)
                    recordDepth = depth
                } else if depth == recordDepth + 1 {
                    fieldName = name
                    fieldText = ""
                    child = nil
                    fieldAttributes = attributes()
                    if empty { record.fields[name] = "" }
                } else if depth == recordDepth + 2 {
                    if child == nil {
                        child = RawRecord(name: fieldName, container: record.name, attributes: fieldAttributes)
                    }
                    subName = name
                    subText = ""
                    if empty { child?.fields[name] = "" }
                }
            case 3, 4:
                if depth == recordDepth + 2 {
                    fieldText += value()
                } else if depth == recordDepth + 3 {
                    subText += value()
                }
            case 15:
                if recordDepth < 0 { continue }
                if depth == recordDepth + 2 {
                    child?.fields[subName] = subText
                } else if depth == recordDepth + 1 {
                    if let finished = child {
                        record.children.append(finished)
                        child = nil
                    } else {
                        record.fields[fieldName] = fieldText
                    }
                } else if depth == recordDepth {
                    return record
                }
            default:
                continue
            }
        }
        return nil
    }

    /// `PARAMETRES` and its siblings are records; so are the grandchildren of `DONNEES`.
    private func isRecordStart(depth: Int, name: String) -> Bool {
        (depth == 1 && name != "DONNEES") || (depth == 3 && path[1] == "DONNEES")
    }

    /// One xmlTextReaderRead: the node type, or nil at the end of the document.
    private func step() throws -> Int32? {
        if ended { return nil }
        let result = xmlTextReaderRead(reader)
        if result == 1, input.parseError == nil, input.failure == nil {
            let type = xmlTextReaderNodeType(reader)
            if type == 10 { throw SIECLEError.doctypeRefused(file: label) }
            return type
        }
        if result == 0, input.parseError == nil, input.failure == nil {
            ended = true
            try input.source.finish()
            return nil
        }
        throw currentError()
    }

    private func currentError() -> SIECLEError {
        if let failure = input.failure { return failure }
        if let integrity = input.source.integrityFailure() { return integrity }
        if let error = input.parseError {
            if error.message.contains("Huge input lookup") || error.message.contains("Excessive depth") {
                return .tooDeep(file: label, limit: maxDepth)
            }
            return .malformedXML(file: label, line: error.line, detail: error.message)
        }
        return .malformedXML(file: label, line: Int(xmlTextReaderGetParserLineNumber(reader)), detail: "parse error")
    }

    private func currentName() -> String {
        guard let pointer = xmlTextReaderConstName(reader) else { return "" }
        let key = UnsafeRawPointer(pointer)
        if let name = names[key] { return name }
        let name = String(cString: pointer)
        names[key] = name
        return name
    }

    private func value() -> String {
        guard let pointer = xmlTextReaderConstValue(reader) else { return "" }
        return String(cString: pointer)
    }

    private func attributes() -> [String: String] {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return [:] }
        var result: [String: String] = [:]
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            result[currentName()] = value()
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }
}
