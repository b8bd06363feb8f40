import Foundation
@testable import CAS
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element, built with Foundation's XMLParser (namespaces on),
/// so tests check documents as a real parser sees them.
final class XMLElement {
    let localName: String
    let namespace: String?
    let qualifiedName: String
    let attributes: [String: String]
    var children: [XMLElement] = []
    var text = ""

    init(localName: String, namespace: String?, qualifiedName: String, attributes: [String: String]) {
        self.localName = localName
        self.namespace = namespace
        self.qualifiedName = qualifiedName
        self.attributes = attributes
    }

    func child(_ name: String) -> XMLElement? { children.first { $0.localName == name } }
    func all(_ name: String) -> [XMLElement] { children.filter { $0.localName == name } }

    /// Parses `text`; nil when it is not well-formed.
    static func parse(_ text: String) -> XMLElement? {
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldProcessNamespaces = true
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElement] = []
        var root: XMLElement?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let element = XMLElement(localName: elementName, namespace: namespaceURI,
                                     qualifiedName: qName ?? elementName, attributes: attributeDict)
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// Fixed values shared by tests.
enum Fixture {
    static let date = Date(timeIntervalSince1970: 1_447_320_610) // 2015-11-12T09:30:10Z

    static func ticket(_ kind: TicketKind) -> Ticket {
        TicketGenerator.generate(kind)
    }
}

