internal import CLibXML2

/// Creates nodes in an existing document (names go through the document's
/// dictionary, values are escaped by libxml2).
enum TreeBuilder {
    static func element(_ doc: xmlDocPtr, _ name: String, ns: xmlNsPtr?) -> xmlNodePtr {
        LibXML.withXMLChars(name) { xmlNewDocNode(doc, ns, $0, nil) }!
    }

    @discardableResult
    static func child(_ parent: xmlNodePtr, _ name: String, ns: xmlNsPtr?, text: String? = nil) -> xmlNodePtr {
        LibXML.withXMLChars(name) { n in
            if let text {
                return LibXML.withXMLChars(text) { xmlNewTextChild(parent, ns, n, $0) }
            }
            return xmlNewChild(parent, ns, n, nil)
        }!
    }

    static func declareNamespace(_ node: xmlNodePtr, uri: String, prefix: String?) -> xmlNsPtr {
        LibXML.withXMLChars(uri) { u in
            if let prefix {
                return LibXML.withXMLChars(prefix) { xmlNewNs(node, u, $0) }
            }
            return xmlNewNs(node, u, nil)
        }!
    }

    static func setAttribute(_ node: xmlNodePtr, _ name: String, _ value: String) {
        LibXML.withXMLChars(name) { n in
            LibXML.withXMLChars(value) { v in _ = xmlSetProp(node, n, v) }
        }
    }

    /// First element child named {namespace}localName.
    static func firstChild(_ parent: xmlNodePtr, _ localName: StaticString, _ namespace: StaticString) -> xmlNodePtr? {
        var child = parent.pointee.children
        while let c = child {
            if Tree.isElement(c, localName: localName, namespace: namespace) { return c }
            child = c.pointee.next
        }
        return nil
    }

    /// Direct children named {namespace}localName.
    static func children(_ parent: xmlNodePtr, _ localName: StaticString, _ namespace: StaticString) -> [xmlNodePtr] {
        Tree.elementChildren(parent).filter { Tree.isElement($0, localName: localName, namespace: namespace) }
    }
}
