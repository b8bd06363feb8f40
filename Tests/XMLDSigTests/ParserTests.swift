import Foundation
import Testing
import SesameTestSupport
@testable import XMLDSig

@Suite struct ParserTests {
    @Test func parsesOrdinaryDocument() throws {
        let doc = try XMLDocument(parsing: SAML.response())
        #expect(doc.root.localName == "Response")
        #expect(doc.root.namespaceURI == SAML.protocolNS)
        #expect(doc.root.prefix == "samlp")
    }

    @Test func doctypeRefused() {
        expectError(.doctypeForbidden) { _ = try XMLDocument(parsing: "<!DOCTYPE a><a/>") }
        expectError(.doctypeForbidden) { _ = try XMLDocument(parsing: "<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>") }
    }

    @Test func billionLaughsRefusedQuickly() {
        var entities = "<!ENTITY l0 \"lol\">"
        for i in 1...9 {
            entities += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">"
        }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE a [\(entities)]><a>&l9;</a>"
        let start = ContinuousClock.now
        expectError(.doctypeForbidden) { _ = try XMLDocument(parsing: xml) }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func externalEntityRefused() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"
        expectError(.doctypeForbidden) { _ = try XMLDocument(parsing: xml) }
    }

    @Test func parameterEntityRefused() {
        let xml = "<!DOCTYPE a [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %p;]><a/>"
        expectError(.doctypeForbidden) { _ = try XMLDocument(parsing: xml) }
    }

    @Test func undeclaredEntityIsMalformed() {
        expectErrorCase({ if case .malformed = $0 { true } else { false } }, "malformed") {
            _ = try XMLDocument(parsing: "<a>&x;</a>")
        }
    }

    @Test func predefinedEntitiesAndCharacterReferencesWork() throws {
        let doc = try XMLDocument(parsing: "<a>&lt;b&gt; &amp; &#233;</a>")
        #expect(doc.root.textContent == "<b> & é")
    }

    @Test func depthLimit() throws {
        func nested(_ n: Int) -> String { String(repeating: "<a>", count: n) + String(repeating: "</a>", count: n) }
        _ = try XMLDocument(parsing: nested(64))
        expectError(.tooDeep(limit: 64)) { _ = try XMLDocument(parsing: nested(65)) }
        expectError(.tooDeep(limit: 8)) { _ = try XMLDocument(parsing: nested(9), limits: .init(maxDepth: 8)) }
        // Far beyond libxml2's own limit: still our typed error.
        expectError(.tooDeep(limit: 64)) { _ = try XMLDocument(parsing: nested(5000)) }
    }

    @Test func sizeLimit() throws {
        let big = "<a>" + String(repeating: "x", count: 1 << 20) + "</a>"
        expectError(.tooLarge(limit: 1 << 20)) { _ = try XMLDocument(parsing: big) }
        _ = try XMLDocument(parsing: big, limits: .init(maxBytes: 2 << 20))
    }

    @Test func malformedInputs() {
        for xml in ["", "<a>", "<a></b>", "not xml", "<a xmlns:p=\"urn:p\"><q:b/></a>", "<a/><b/>"] {
            expectErrorCase({ if case .malformed = $0 { true } else { false } }, "malformed for \(xml)") {
                _ = try XMLDocument(parsing: xml)
            }
        }
    }

    /// libxml2's default handlers print to stderr; nothing may reach it.
    @Test func errorsDoNotReachStderr() throws {
        let dir = TempDir()
        let path = dir.url.appendingPathComponent("stderr.txt").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let saved = dup(2)
        let fd = open(path, O_WRONLY)
        dup2(fd, 2)
        _ = try? XMLDocument(parsing: "<a><b></a>")
        _ = try? XMLDocument(parsing: "<a xmlns:p=\"urn:p\"><q:b/></a>")
        _ = try? XMLDocument(parsing: "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")
        _ = try? XMLDocument(parsing: String(repeating: "<a>", count: 300))
        fflush(nil)
        dup2(saved, 2)
        close(fd)
        close(saved)
        #expect(dir.read("stderr.txt").isEmpty, "libxml2 wrote: \(dir.read("stderr.txt"))")
    }

    @Test func elementAccessors() throws {
        let doc = try XMLDocument(parsing: SAML.response())
        let assertion = try doc.root.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS)
        #expect(assertion.attribute("ID") == SAML.assertionID)
        #expect(assertion.attribute("Missing") == nil)
        #expect(assertion.parent == doc.root)
        let values = try assertion.uniqueChild(named: "AttributeStatement", namespaceURI: SAML.assertionNS).children
        #expect(values.count == 8)
        let value = values[0].children[0]
        #expect(value.attribute("type", namespaceURI: "http://www.w3.org/2001/XMLSchema-instance") == "xs:string")
        #expect(value.namespaceURI(forPrefix: "xs") == "http://www.w3.org/2001/XMLSchema")
        #expect(try doc.element(withID: SAML.assertionID) == assertion)
        expectErrorCase({ if case .elementNotFound = $0 { true } else { false } }, "elementNotFound") {
            _ = try doc.element(withID: "_nope")
        }
    }
}
