import XMLDSig
import Primitives

/// Small reading helpers over XMLDSig's read-only tree.
extension XMLElement {
    /// Unqualified attribute value.
    func attr(_ name: String) -> String? { attribute(name) }

    /// At most one child of that name; two are refused (an attacker could
    /// otherwise make us read a different element than a peer would).
    func optionalChild(_ name: String, _ ns: String) throws(SAMLError) -> XMLElement? {
        let found = children(named: name, namespaceURI: ns)
        guard found.count <= 1 else { throw .malformedMessage("more than one \(name) element") }
        return found.first
    }

    func requiredChild(_ name: String, _ ns: String) throws(SAMLError) -> XMLElement {
        guard let child = try optionalChild(name, ns) else { throw .malformedMessage("missing \(name) element") }
        return child
    }

    /// Text with surrounding XML whitespace removed (for URIs and identifiers).
    var trimmedText: String { textContent.trimmingXMLWhitespace }

    func `is`(_ name: String, _ ns: String) -> Bool { localName == name && namespaceURI == ns }

    /// Boolean attribute per XML Schema ("true", "false", "1", "0").
    func boolAttr(_ name: String) throws(SAMLError) -> Bool? {
        guard let raw = attr(name) else { return nil }
        switch raw.trimmingXMLWhitespace {
        case "true", "1": return true
        case "false", "0": return false
        default: throw .malformedMessage("attribute \(name) is not a boolean")
        }
    }
}

extension String {
    var trimmingXMLWhitespace: String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        guard let start = firstIndex(where: { !ws.contains($0) }) else { return "" }
        let end = lastIndex(where: { !ws.contains($0) })!
        return String(self[start...end])
    }
}

/// Parses with XMLDSig's guarded parser and maps its errors.
enum SAMLXML {
    static func parse(_ bytes: [UInt8], maxBytes: Int) throws(SAMLError) -> XMLDocument {
        do {
            return try XMLDocument(parsing: bytes, limits: XMLParserLimits(maxBytes: maxBytes, maxDepth: 32))
        } catch .doctypeForbidden {
            throw .doctypeForbidden
        } catch .tooLarge(let limit) {
            throw .messageTooLarge(limit: limit)
        } catch {
            throw .malformedXML(error.description)
        }
    }
}

/// SAML identifiers are xs:ID, i.e. NCNames (SAML core §1.3.4). We accept the
/// ASCII subset every real peer uses, and bound the length.
enum SAMLIdentifier {
    static let maxLength = 256

    static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        func isStart(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        guard isStart(bytes[0]) else { return false }
        return bytes.allSatisfy { isStart($0) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }
    }

    /// "_" followed by 40 lower-case hex characters (160 random bits, SAML
    /// core §1.3.4 asks for at least 128), from the
    /// project's one secure source.
    static func generate() -> String {
        "_" + Hex.encode(SecureRandom.bytes(20))
    }
}
