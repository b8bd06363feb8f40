internal import CLibXML2

/// A growable byte buffer without Array's per-append checks: the writers
/// append thousands of short runs per document. Call `release()` when done.
struct ByteSink {
    private var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    private var count = 0
    private var capacity = 4096

    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    mutating func append(_ start: UnsafePointer<UInt8>, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).update(from: start, count: n)
        count += n
    }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    func release() { base.deallocate() }

    mutating func append(_ s: StaticString) {
        append(s.utf8Start, count: s.utf8CodeUnitCount)
    }

    mutating func append(_ p: UnsafePointer<UInt8>?) {
        guard let p else { return }
        append(p, count: Int(xmlStrlen(p)))
    }

    /// Appends the NUL-terminated `p`, writing `replacement(byte)` instead
    /// of each byte it maps.
    mutating func appendEscaped(_ p: UnsafePointer<UInt8>?, _ replacement: (UInt8) -> StaticString?) {
        guard var p else { return }
        var runStart = p
        while p.pointee != 0 {
            if let escaped = replacement(p.pointee) {
                append(runStart, count: p - runStart)
                append(escaped)
                runStart = p + 1
            }
            p += 1
        }
        append(runStart, count: p - runStart)
    }

    /// A namespace declaration's `="URI"`, the URI as libxml2 stores it, which
    /// is what its own writers (and so xmlsec1 and most SAML service
    /// providers) output: the parser refuses URIs that are not URIs (no quote,
    /// no "<") and keeps an escaped "&" as "&#38;", so the output stays well
    /// formed. Only a tree built in code could hold a quote.
    mutating func appendNamespaceURI(_ uri: UnsafePointer<UInt8>?) {
        append("=\"")
        appendEscaped(uri) { $0 == UInt8(ascii: "\"") ? "&quot;" : nil }
        append("\"")
    }

    /// An attribute's value, escaped (one text child, the usual case, is
    /// read in place).
    mutating func appendValue(of attr: UnsafeMutablePointer<xmlAttr>, doc: xmlDocPtr, _ replacement: (UInt8) -> StaticString?) {
        if let text = attr.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE {
            appendEscaped(text.pointee.content, replacement)
        } else if let value = xmlNodeListGetString(doc, attr.pointee.children, 1) {
            appendEscaped(value, replacement)
            sesame_xml_free(value)
        }
    }

    /// `prefix:name`, or `name` when the namespace has no prefix.
    mutating func appendQualifiedName(_ ns: xmlNsPtr?, _ name: UnsafePointer<xmlChar>?) {
        if let prefix = ns?.pointee.prefix, prefix.pointee != 0 {
            append(prefix)
            append(":")
        }
        append(name)
    }
}
