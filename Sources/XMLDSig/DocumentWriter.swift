internal import CLibXML2

/// Serializes a whole document the way libxml2's xmlSaveDoc does (UTF-8,
/// no indentation, namespace declarations and attributes in tree order,
/// empty elements as `<a/>`, a newline after each top-level node), written
/// straight from the tree: libxml2's saver goes through an encoding layer
/// that costs as much as the canonicalization of the whole response.
/// Checked against xmlSaveDoc in SerializationTests.
enum DocumentWriter {
    static func serialize(_ doc: xmlDocPtr, includeDeclaration: Bool) -> [UInt8] {
        var out = ByteSink()
        defer { out.release() }
        if includeDeclaration {
            out.append("<?xml version=\"")
            if let version = doc.pointee.version { out.append(version) } else { out.append("1.0") }
            out.append("\" encoding=\"UTF-8\"")
            if doc.pointee.standalone == 1 { out.append(" standalone=\"yes\"") }
            if doc.pointee.standalone == 0 { out.append(" standalone=\"no\"") }
            out.append("?>\n")
        }
        var child = doc.pointee.children
        while let c = child {
            write(c, doc: doc, to: &out)
            out.append("\n")
            child = c.pointee.next
        }
        return out.bytes
    }

    private static func write(_ node: xmlNodePtr, doc: xmlDocPtr, to out: inout ByteSink) {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            out.append("<")
            out.appendQualifiedName(node.pointee.ns, node.pointee.name)
            var ns = node.pointee.nsDef
            while let n = ns {
                out.append(" xmlns")
                if let prefix = n.pointee.prefix {
                    out.append(":")
                    out.append(prefix)
                }
                out.appendNamespaceURI(n.pointee.href)
                ns = n.pointee.next
            }
            var attr = node.pointee.properties
            while let a = attr {
                out.append(" ")
                out.appendQualifiedName(a.pointee.ns, a.pointee.name)
                out.append("=\"")
                out.appendValue(of: a, doc: doc, XMLEscapes.documentAttribute)
                out.append("\"")
                attr = a.pointee.next
            }
            guard var child = node.pointee.children else {
                out.append("/>")
                return
            }
            out.append(">")
            while true {
                write(child, doc: doc, to: &out)
                guard let next = child.pointee.next else { break }
                child = next
            }
            out.append("</")
            out.appendQualifiedName(node.pointee.ns, node.pointee.name)
            out.append(">")
        case XML_TEXT_NODE:
            out.appendEscaped(node.pointee.content, XMLEscapes.documentText)
        case XML_CDATA_SECTION_NODE:
            out.append("<![CDATA[")
            out.append(node.pointee.content)
            out.append("]]>")
        case XML_COMMENT_NODE:
            out.append("<!--")
            out.append(node.pointee.content)
            out.append("-->")
        case XML_PI_NODE:
            out.append("<?")
            out.append(node.pointee.name)
            if let content = node.pointee.content {
                out.append(" ")
                out.append(content)
            }
            out.append("?>")
        case XML_ENTITY_REF_NODE:
            out.append("&")
            out.append(node.pointee.name)
            out.append(";")
        default:
            break
        }
    }
}
