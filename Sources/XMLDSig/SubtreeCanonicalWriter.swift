internal import CLibXML2

/// Exclusive XML Canonicalization 1.0 of one element subtree, written
/// straight from libxml2's tree.
///
/// libxml2's own xmlC14NExecute always walks the whole document and asks a
/// visibility callback about every node, namespace and attribute; for a
/// SignedInfo inside a 6 KB Response that walk costs as much as an RSA
/// verification. This writer visits only the subtree. Its output is checked
/// against xmlC14NExecute, node by node, in CanonicalizationTests.
///
/// Namespace rule (exc-c14n §3): a namespace is written on an element when
/// the element or one of its attributes uses the prefix (or the prefix is
/// in the InclusiveNamespaces list and in scope) and the nearest output
/// ancestor did not already write the same prefix with the same URI. An
/// unqualified element "uses" the empty default namespace, which is why
/// xmlns="" appears only below an ancestor that wrote a non-empty default.
struct SubtreeCanonicalWriter {
    private var out = ByteSink()
    private let doc: xmlDocPtr
    private let exclude: xmlNodePtr?
    private let withComments: Bool
    /// InclusiveNamespaces tokens; nil stands for "#default".
    private let inclusivePrefixes: [String?]
    /// Namespaces written by output ancestors, innermost last.
    private var rendered: [Namespace] = []
    /// Per-element scratch space, kept between elements to spare allocations.
    private var candidates: [Namespace] = []
    private var toWrite: [Namespace] = []
    private var attributes: [xmlAttrPtr] = []

    private struct Namespace {
        /// nil for the default namespace.
        var prefix: UnsafePointer<xmlChar>?
        /// nil for the empty URI (xmlns="").
        var uri: UnsafePointer<xmlChar>?
    }

    enum Failure: Error { case unsupportedNode }

    static func canonicalize(doc: xmlDocPtr, root: xmlNodePtr, excluding exclude: xmlNodePtr?,
                             withComments: Bool, inclusivePrefixes: [String]) throws(XMLSignatureError) -> [UInt8] {
        var writer = SubtreeCanonicalWriter(doc: doc, exclude: exclude, withComments: withComments,
                                            inclusivePrefixes: inclusivePrefixes.map { $0 == "#default" ? nil : $0 })
        defer { writer.out.release() }
        do {
            try writer.element(root)
        } catch {
            throw .internalFailure("exclusive canonicalization: entity references are not supported")
        }
        return writer.out.bytes
    }

    private init(doc: xmlDocPtr, exclude: xmlNodePtr?, withComments: Bool, inclusivePrefixes: [String?]) {
        self.doc = doc
        self.exclude = exclude
        self.withComments = withComments
        self.inclusivePrefixes = inclusivePrefixes
    }

    private mutating func element(_ node: xmlNodePtr) throws(Failure) {
        let renderedBefore = rendered.count
        write("<")
        out.appendQualifiedName(node.pointee.ns, node.pointee.name)
        writeNamespaces(of: node)
        writeAttributes(of: node)
        write(">")
        var child = node.pointee.children
        while let c = child {
            try content(c)
            child = c.pointee.next
        }
        write("</")
        out.appendQualifiedName(node.pointee.ns, node.pointee.name)
        write(">")
        if rendered.count > renderedBefore { rendered.removeLast(rendered.count - renderedBefore) }
    }

    private mutating func content(_ node: xmlNodePtr) throws(Failure) {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            if node != exclude { try element(node) }
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            out.appendEscaped(node.pointee.content, XMLEscapes.canonicalText)
        case XML_COMMENT_NODE:
            guard withComments else { return }
            write("<!--")
            out.append(node.pointee.content)
            write("-->")
        case XML_PI_NODE:
            write("<?")
            out.append(node.pointee.name)
            if let data = node.pointee.content, data.pointee != 0 {
                write(" ")
                out.appendEscaped(data) { $0 == 0x0D ? "&#xD;" : nil }
            }
            write("?>")
        case XML_XINCLUDE_START, XML_XINCLUDE_END:
            return
        default:
            // Entity references never come out of the safe parser; anything
            // else would make the octets ambiguous.
            throw .unsupportedNode
        }
    }

    // MARK: Namespaces

    private mutating func writeNamespaces(of node: xmlNodePtr) {
        candidates.removeAll(keepingCapacity: true)
        // The element's own prefix (an unqualified element uses the empty default).
        use(node.pointee.ns)
        var attr = node.pointee.properties
        while let a = attr {
            if let ns = a.pointee.ns { use(ns) }
            attr = a.pointee.next
        }
        for prefix in inclusivePrefixes {
            let ns: xmlNsPtr? = prefix.map { p in LibXML.withXMLChars(p) { xmlSearchNs(doc, node, $0) } }
                ?? xmlSearchNs(doc, node, nil)
            if let ns { use(ns) }
        }

        toWrite.removeAll(keepingCapacity: true)
        for candidate in candidates {
            let alreadyInEffect: Bool
            if let previous = rendered.last(where: { Self.same($0.prefix, candidate.prefix) }) {
                alreadyInEffect = Self.same(previous.uri, candidate.uri)
            } else {
                // Nothing written yet for this prefix: only the empty default is implied.
                alreadyInEffect = candidate.prefix == nil && candidate.uri == nil
            }
            if !alreadyInEffect { toWrite.append(candidate) }
        }
        if toWrite.count > 1 { toWrite.sort { Self.less($0.prefix, $1.prefix) } }
        for ns in toWrite {
            if let prefix = ns.prefix {
                write(" xmlns:")
                out.append(prefix)
            } else {
                write(" xmlns")
            }
            out.appendNamespaceURI(ns.uri)
        }
        rendered.append(contentsOf: toWrite)
    }

    /// Adds the namespace `ns` (nil: no namespace) to the element's used ones, once per prefix.
    private mutating func use(_ ns: xmlNsPtr?) {
        let candidate = Namespace(prefix: Self.nonEmpty(ns?.pointee.prefix), uri: Self.nonEmpty(ns?.pointee.href))
        if let prefix = candidate.prefix, LibXML.equals(prefix, "xml") { return }
        if candidates.contains(where: { Self.same($0.prefix, candidate.prefix) }) { return }
        candidates.append(candidate)
    }

    // MARK: Attributes

    private mutating func writeAttributes(of node: xmlNodePtr) {
        guard var attr = node.pointee.properties else { return }
        attributes.removeAll(keepingCapacity: true)
        attributes.append(attr)
        while let next = attr.pointee.next {
            attributes.append(next)
            attr = next
        }
        if attributes.count > 1 {
            attributes.sort { a, b in
                let order = Self.compare(Self.nonEmpty(a.pointee.ns?.pointee.href), Self.nonEmpty(b.pointee.ns?.pointee.href))
                return order != 0 ? order < 0 : Self.compare(a.pointee.name, b.pointee.name) < 0
            }
        }
        for index in attributes.indices {
            let a = attributes[index]
            write(" ")
            out.appendQualifiedName(a.pointee.ns, a.pointee.name)
            write("=\"")
            out.appendValue(of: a, doc: doc, XMLEscapes.canonicalAttribute)
            write("\"")
        }
    }

    // MARK: Output

    private mutating func write(_ s: StaticString) {
        out.append(s)
    }

    // MARK: Comparisons (UTF-8 byte order, which is code point order)

    private static func nonEmpty(_ p: UnsafePointer<xmlChar>?) -> UnsafePointer<xmlChar>? {
        guard let p, p.pointee != 0 else { return nil }
        return p
    }

    private static func same(_ a: UnsafePointer<xmlChar>?, _ b: UnsafePointer<xmlChar>?) -> Bool {
        compare(a, b) == 0
    }

    private static func less(_ a: UnsafePointer<xmlChar>?, _ b: UnsafePointer<xmlChar>?) -> Bool {
        compare(a, b) < 0
    }

    /// nil sorts as the empty string.
    private static func compare(_ a: UnsafePointer<xmlChar>?, _ b: UnsafePointer<xmlChar>?) -> Int32 {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (a?, b?): return xmlStrcmp(a, b)
        }
    }
}
