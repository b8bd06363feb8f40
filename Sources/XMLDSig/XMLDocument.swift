internal import CLibXML2

/// A parsed XML document owned by the module.
///
/// The public surface is read-only. The module mutates a document (to insert
/// a signature, or swap an encrypted element) only while it is still private
/// to one call, before handing it out; that is why sharing it across
/// threads (`@unchecked Sendable`) is sound: libxml2 trees tolerate
/// concurrent readers.
public final class XMLDocument: @unchecked Sendable {
    let doc: xmlDocPtr

    init(owning doc: xmlDocPtr) {
        self.doc = doc
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// Parses with `SafeXMLParser` (see its guarantees).
    public convenience init(parsing bytes: [UInt8], limits: XMLParserLimits = .default) throws(XMLSignatureError) {
        let doc = try bytes.withUnsafeBufferPointer { (buffer) throws(XMLSignatureError) -> xmlDocPtr in
            try SafeXMLParser.parseTree(UnsafeRawBufferPointer(buffer), limits: limits)
        }
        self.init(owning: doc)
    }

    public convenience init(parsing string: String, limits: XMLParserLimits = .default) throws(XMLSignatureError) {
        let doc = try withUTF8(string) { (buffer) throws(XMLSignatureError) -> xmlDocPtr in
            try SafeXMLParser.parseTree(buffer, limits: limits)
        }
        self.init(owning: doc)
    }

    var rootNode: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// The document element.
    public var root: XMLElement {
        XMLElement(document: self, node: rootNode!)
    }

    /// UTF-8 serialization of the whole document.
    public func serialized(includeDeclaration: Bool = true) -> String {
        Serializer.serialize(document: self, node: nil, includeDeclaration: includeDeclaration)
    }

    /// A deep copy of this document, for a caller who wants to change it.
    func copy() -> XMLDocument {
        XMLDocument(owning: xmlCopyDoc(doc, 1))
    }

    /// The element whose `attribute` (unqualified) equals `id`, after
    /// checking that no ID value occurs twice anywhere in the document.
    public func element(withID id: String, attribute: String = "ID") throws(XMLSignatureError) -> XMLElement {
        guard let node = try IDIndex.uniqueElement(in: self, id: id, attribute: attribute) else {
            throw .elementNotFound("no element with \(attribute)='\(id)'")
        }
        return XMLElement(document: self, node: node)
    }
}

/// ID lookup without a DTD: every element's unqualified ID attribute counts,
/// and a value seen twice anywhere makes the whole document suspect (that is
/// the shape of most signature-wrapping attacks).
enum IDIndex {
    static func uniqueElement(in document: XMLDocument, id: String, attribute: String) throws(XMLSignatureError) -> xmlNodePtr? {
        var seen = Set<String>()
        var found: xmlNodePtr?
        var duplicate: String?
        Tree.walkElements(from: document.rootNode) { node in
            var attr = node.pointee.properties
            while let a = attr {
                if a.pointee.ns == nil, LibXML.equals(a.pointee.name, attribute) {
                    let value = LibXML.attributeValue(a)
                    if !seen.insert(value).inserted {
                        duplicate = value
                        return false
                    }
                    if value == id { found = node }
                }
                attr = a.pointee.next
            }
            return true
        }
        if let duplicate { throw .duplicateID(duplicate) }
        return found
    }
}

/// Tree walking helpers over raw libxml2 nodes.
enum Tree {
    /// Depth-first, document order; `visit` returns false to stop.
    static func walkElements(from start: xmlNodePtr?, _ visit: (xmlNodePtr) -> Bool) {
        guard let start else { return }
        var node: xmlNodePtr? = start
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE {
                if !visit(current) { return }
                if let child = current.pointee.children {
                    node = child
                    continue
                }
            }
            // Climb until a next sibling exists, never leaving `start`.
            var climb: xmlNodePtr? = current
            node = nil
            while let c = climb, c != start {
                if let next = c.pointee.next { node = next; break }
                climb = c.pointee.parent
            }
        }
    }

    static func isElement(_ node: xmlNodePtr, localName: StaticString, namespace: StaticString) -> Bool {
        node.pointee.type == XML_ELEMENT_NODE
            && LibXML.equals(node.pointee.name, localName)
            && node.pointee.ns != nil
            && LibXML.equals(node.pointee.ns.pointee.href, namespace)
    }

    /// Element children of `node`, in order.
    static func elementChildren(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { result.append(c) }
            child = c.pointee.next
        }
        return result
    }

    /// Unqualified attribute value.
    static func attribute(_ node: xmlNodePtr, _ name: StaticString) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            if a.pointee.ns == nil, LibXML.equals(a.pointee.name, name) { return LibXML.attributeValue(a) }
            attr = a.pointee.next
        }
        return nil
    }

    /// Text of all descendant text nodes, skipping comments and processing
    /// instructions (the canonical text a signature covers).
    static func text(of node: xmlNodePtr) -> String {
        var bytes: [UInt8] = []
        func collect(_ n: xmlNodePtr) {
            var child = n.pointee.children
            while let c = child {
                switch c.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = c.pointee.content {
                        let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                        bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
                    }
                case XML_ELEMENT_NODE:
                    collect(c)
                default:
                    break
                }
                child = c.pointee.next
            }
        }
        collect(node)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Removes every comment below `node` (used when comments are not covered
    /// by the signature, so the caller never sees unsigned content).
    static func removeComments(under node: xmlNodePtr) {
        var child = node.pointee.children
        while let c = child {
            let next = c.pointee.next
            if c.pointee.type == XML_COMMENT_NODE {
                xmlUnlinkNode(c)
                xmlFreeNode(c)
            } else if c.pointee.type == XML_ELEMENT_NODE {
                removeComments(under: c)
            }
            child = next
        }
    }

    /// Largest element nesting below and including `node`.
    static func depth(of node: xmlNodePtr) -> Int {
        var best = 0
        var child = node.pointee.children
        while let c = child {
            if c.pointee.type == XML_ELEMENT_NODE { best = max(best, depth(of: c)) }
            child = c.pointee.next
        }
        return best + 1
    }
}
