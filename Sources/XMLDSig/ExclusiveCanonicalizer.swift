internal import CLibXML2

/// Exclusive XML Canonicalization 1.0, with or without comments, of the node
/// set "this element and its descendants, minus an optional excluded
/// subtree" (the enveloped signature). No other canonicalization is offered
/// on purpose.
public struct ExclusiveCanonicalizer: Sendable, Equatable {
    public var withComments: Bool
    /// InclusiveNamespaces PrefixList tokens ("#default" for the default namespace).
    public var inclusiveNamespacePrefixes: [String]

    public init(withComments: Bool = false, inclusiveNamespacePrefixes: [String] = []) {
        self.withComments = withComments
        self.inclusiveNamespacePrefixes = inclusiveNamespacePrefixes
    }

    public var algorithm: CanonicalizationAlgorithm {
        withComments ? .exclusiveWithComments : .exclusive
    }

    /// Canonical octets of `element`; `excluding` (a descendant) is left out.
    public func canonicalize(_ element: XMLElement, excluding: XMLElement? = nil) throws(XMLSignatureError) -> [UInt8] {
        try canonicalize(doc: element.document.doc, root: element.node, excluding: excluding?.node)
    }

    func canonicalize(doc: xmlDocPtr, root: xmlNodePtr, excluding: xmlNodePtr?) throws(XMLSignatureError) -> [UInt8] {
        try SubtreeCanonicalWriter.canonicalize(doc: doc, root: root, excluding: excluding, withComments: withComments,
                                                inclusivePrefixes: inclusiveNamespacePrefixes)
    }

    /// The same octets through libxml2's own xmlC14NExecute: the reference
    /// the writer is tested and fuzzed against (never used to sign or verify).
    public func reference(_ element: XMLElement, excluding: XMLElement? = nil) throws(XMLSignatureError) -> [UInt8] {
        try libxml2Canonicalize(doc: element.document.doc, root: element.node, excluding: excluding?.node)
    }

    /// libxml2's canonicalization walks the whole document, testing each node.
    func libxml2Canonicalize(doc: xmlDocPtr, root: xmlNodePtr, excluding: xmlNodePtr?) throws(XMLSignatureError) -> [UInt8] {
        var result: [UInt8]?
        withPrefixList { prefixes in
            LibXML.silenced {
                guard let out = sesame_c14n_subtree(doc, root, excluding,
                                                    Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), prefixes,
                                                    withComments ? 1 : 0) else { return }
                defer { xmlOutputBufferClose(out) }
                let count = Int(xmlOutputBufferGetSize(out))
                if count == 0 {
                    result = []
                } else if let content = xmlOutputBufferGetContent(out) {
                    result = Array(UnsafeBufferPointer(start: content, count: count))
                }
            }
        }
        guard let result else { throw .internalFailure("exclusive canonicalization failed") }
        return result
    }

    /// Builds the NULL-terminated xmlChar* array libxml2 wants, or NULL.
    private func withPrefixList(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>?) -> Void) {
        if inclusiveNamespacePrefixes.isEmpty {
            body(nil)
            return
        }
        let list = UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>.allocate(capacity: inclusiveNamespacePrefixes.count + 1)
        defer { list.deallocate() }
        for (i, prefix) in inclusiveNamespacePrefixes.enumerated() {
            list[i] = LibXML.withXMLChars(prefix) { xmlStrdup($0) }
        }
        list[inclusiveNamespacePrefixes.count] = nil
        defer {
            for i in 0..<inclusiveNamespacePrefixes.count { sesame_xml_free(list[i]) }
        }
        body(list)
    }
}
