internal import CLibXML2

/// Small bridges to libxml2 that every other file uses.
enum LibXML {
    /// xmlInitParser must run once before libxml2 is used from several
    /// threads; a lazy static gives that once-only guarantee without state.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Runs `body` with libxml2's per-thread error printers replaced by
    /// no-ops, restoring them afterwards: errors never reach stderr.
    static func silenced<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let saved = sesame_xml_silence_errors()
        defer { sesame_xml_restore_errors(saved) }
        return try body()
    }

    static func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// Calls body with a NUL-terminated xmlChar view of `s`.
    static func withXMLChars<T>(_ s: String, _ body: (UnsafePointer<xmlChar>) throws -> T) rethrows -> T {
        try s.withCString { c in
            try c.withMemoryRebound(to: xmlChar.self, capacity: s.utf8.count + 1) { try body($0) }
        }
    }

    /// Compares a libxml2 string with a Swift static string without allocating.
    static func equals(_ p: UnsafePointer<xmlChar>?, _ s: StaticString) -> Bool {
        guard let p else { return false }
        return strcmp(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    static func equals(_ p: UnsafePointer<xmlChar>?, _ s: String) -> Bool {
        guard let p else { return false }
        return s.withCString { strcmp(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self), $0) == 0 }
    }

    /// Value of an attribute node. The common case (one text child) avoids a
    /// copy through xmlNodeListGetString.
    static func attributeValue(_ attr: xmlAttrPtr) -> String {
        if let child = attr.pointee.children, child.pointee.next == nil,
           child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content {
            return String(cString: content)
        }
        guard let raw = xmlNodeListGetString(attr.pointee.doc, attr.pointee.children, 1) else { return "" }
        defer { sesame_xml_free(raw) }
        return String(cString: raw)
    }

    /// True when an attribute's value equals `s` (no allocation in the common case).
    static func attributeValueEquals(_ attr: xmlAttrPtr, _ s: String) -> Bool {
        if let child = attr.pointee.children, child.pointee.next == nil,
           child.pointee.type == XML_TEXT_NODE {
            return equals(child.pointee.content, s)
        }
        return attributeValue(attr) == s
    }
}

/// String.withUTF8 only rethrows untyped errors; this keeps typed throws.
func withUTF8<T>(_ string: String, _ body: (UnsafeRawBufferPointer) throws(XMLSignatureError) -> T) throws(XMLSignatureError) -> T {
    var string = string
    let result: Result<T, XMLSignatureError> = string.withUTF8 { buffer in
        Result { () throws(XMLSignatureError) -> T in try body(UnsafeRawBufferPointer(buffer)) }
    }
    return try result.get()
}
