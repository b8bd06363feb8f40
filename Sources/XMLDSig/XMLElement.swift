internal import CLibXML2

/// A read-only view of one element. It keeps its document alive.
public struct XMLElement: @unchecked Sendable, Equatable, CustomStringConvertible {
    public let document: XMLDocument
    let node: xmlNodePtr

    init(document: XMLDocument, node: xmlNodePtr) {
        self.document = document
        self.node = node
    }

    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool { lhs.node == rhs.node }

    public var localName: String { String(cString: node.pointee.name) }

    public var namespaceURI: String? { node.pointee.ns.flatMap { LibXML.string($0.pointee.href) } }

    public var prefix: String? { node.pointee.ns.flatMap { LibXML.string($0.pointee.prefix) } }

    /// Attribute value; `namespaceURI == nil` means an unqualified attribute.
    public func attribute(_ name: String, namespaceURI: String? = nil) -> String? {
        var attr = node.pointee.properties
        while let a = attr {
            let nsMatches: Bool
            if let namespaceURI {
                nsMatches = a.pointee.ns != nil && LibXML.equals(a.pointee.ns.pointee.href, namespaceURI)
            } else {
                nsMatches = a.pointee.ns == nil
            }
            if nsMatches, LibXML.equals(a.pointee.name, name) { return LibXML.attributeValue(a) }
            attr = a.pointee.next
        }
        return nil
    }

    /// All attributes as (local name, namespace URI, value).
    public var attributes: [(name: String, namespaceURI: String?, value: String)] {
        var result: [(name: String, namespaceURI: String?, value: String)] = []
        var attr = node.pointee.properties
        while let a = attr {
            result.append((String(cString: a.pointee.name),
                           a.pointee.ns.flatMap { LibXML.string($0.pointee.href) },
                           LibXML.attributeValue(a)))
            attr = a.pointee.next
        }
        return result
    }

    /// Element children in document order.
    public var children: [XMLElement] {
        Tree.elementChildren(node).map { XMLElement(document: document, node: $0) }
    }

    public func children(named localName: String, namespaceURI: String?) -> [XMLElement] {
        children.filter { $0.localName == localName && $0.namespaceURI == namespaceURI }
    }

    public func firstChild(named localName: String, namespaceURI: String?) -> XMLElement? {
        children.first { $0.localName == localName && $0.namespaceURI == namespaceURI }
    }

    /// The one child with that name; zero or several is an error, which is
    /// what a SAML consumer wants for Assertion, Subject, NameID, ...
    public func uniqueChild(named localName: String, namespaceURI: String?) throws(XMLSignatureError) -> XMLElement {
        let found = children(named: localName, namespaceURI: namespaceURI)
        guard let first = found.first else { throw .elementNotFound("{\(namespaceURI ?? "")}\(localName)") }
        guard found.count == 1 else { throw .ambiguousElement("{\(namespaceURI ?? "")}\(localName)") }
        return first
    }

    public var parent: XMLElement? {
        guard let p = node.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLElement(document: document, node: p)
    }

    /// Concatenated text of all descendant text nodes, ignoring comments and
    /// processing instructions. Unlike "first text node" accessors, a comment
    /// cannot truncate the value (`user@example<!---->.org` reads whole).
    public var textContent: String { Tree.text(of: node) }

    /// The namespace URI bound to `prefix` (nil: default namespace) here;
    /// needed to resolve QName values such as xsi:type.
    public func namespaceURI(forPrefix prefix: String?) -> String? {
        let ns: xmlNsPtr?
        if let prefix {
            ns = LibXML.withXMLChars(prefix) { xmlSearchNs(node.pointee.doc, node, $0) }
        } else {
            ns = xmlSearchNs(node.pointee.doc, node, nil)
        }
        return ns.flatMap { LibXML.string($0.pointee.href) }
    }

    /// Serialization of this element alone (namespaces declared on ancestors
    /// are not repeated; use `ExclusiveCanonicalizer` for a standalone form).
    public func serialized() -> String {
        Serializer.serialize(document: document, node: node, includeDeclaration: false)
    }

    public var description: String { serialized() }
}

/// Serialization through xmlsave, in UTF-8 and without reformatting (any
/// added whitespace would change what a signature covers).
enum Serializer {
    static func serialize(document: XMLDocument, node: xmlNodePtr?, includeDeclaration: Bool) -> String {
        let bytes = node == nil ? DocumentWriter.serialize(document.doc, includeDeclaration: includeDeclaration)
            : serializeBytes(doc: document.doc, node: node, includeDeclaration: includeDeclaration)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func serializeBytes(doc: xmlDocPtr, node: xmlNodePtr?, includeDeclaration: Bool) -> [UInt8] {
        guard let buffer = xmlBufferCreate() else { return [] }
        defer { xmlBufferFree(buffer) }
        var options = Int32(XML_SAVE_AS_XML.rawValue)
        if !includeDeclaration { options |= Int32(XML_SAVE_NO_DECL.rawValue) }
        LibXML.silenced {
            guard let ctxt = xmlSaveToBuffer(buffer, "UTF-8", options) else { return }
            if let node {
                xmlSaveTree(ctxt, node)
            } else {
                xmlSaveDoc(ctxt, doc)
            }
            xmlSaveClose(ctxt)
        }
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }
}
