internal import CLibXML2

/// Limits applied to every document the module parses.
public struct XMLParserLimits: Sendable, Equatable {
    /// Largest accepted input, in bytes.
    public var maxBytes: Int
    /// Deepest accepted element nesting (the root element is level 1).
    public var maxDepth: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    public static let `default` = XMLParserLimits()
}

/// Parses untrusted XML: no DTD, no entity expansion, no network, bounded
/// size and depth. A DOCTYPE is refused outright, before its internal subset
/// is read, so entity bombs and external entities never get a chance.
public enum SafeXMLParser {
    /// NONET forbids fetching anything; NOENT/DTDLOAD/DTDATTR are left out on
    /// purpose so entities are never substituted and no DTD is loaded. CDATA
    /// is merged into text so text accessors see one kind of node.
    static let options: Int32 = Int32(bitPattern:
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    public static func parse(_ bytes: [UInt8], limits: XMLParserLimits = .default) throws(XMLSignatureError) -> XMLDocument {
        try XMLDocument(parsing: bytes, limits: limits)
    }

    public static func parse(_ string: String, limits: XMLParserLimits = .default) throws(XMLSignatureError) -> XMLDocument {
        try XMLDocument(parsing: string, limits: limits)
    }

    /// Parses into a raw tree the caller must free (XMLDocument owns it).
    static func parseTree(_ buffer: UnsafeRawBufferPointer, limits: XMLParserLimits) throws(XMLSignatureError) -> xmlDocPtr {
        guard buffer.count <= limits.maxBytes, buffer.count <= Int(Int32.max) else {
            throw .tooLarge(limit: limits.maxBytes)
        }
        guard buffer.count > 0, let base = buffer.baseAddress else { throw .malformed("empty document") }
        LibXML.ensureInitialized()
        var status: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let doc = LibXML.silenced {
            sesame_xml_parse(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), options,
                             Int32(limits.maxDepth), &status, &message, Int32(message.count))
        }
        switch status {
        case SESAME_PARSE_OK:
            guard let doc else { throw .malformed("parser returned no document") }
            guard xmlDocGetRootElement(doc) != nil else {
                xmlFreeDoc(doc)
                throw .malformed("no root element")
            }
            return doc
        case SESAME_PARSE_DOCTYPE:
            throw .doctypeForbidden
        case SESAME_PARSE_TOO_DEEP:
            throw .tooDeep(limit: limits.maxDepth)
        default:
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .malformed(text.trimmingTrailingNewlines())
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last.isNewline || last == " " { s = s.dropLast() }
        return String(s)
    }
}
