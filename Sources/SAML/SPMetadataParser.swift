import Foundation
import XMLDSig

extension SPMetadata {
    /// Reads every SP in an `EntityDescriptor` or an `EntitiesDescriptor`
    /// (nested ones too). Entities without an SPSSODescriptor are skipped.
    public static func parseAll(_ xml: [UInt8], options: MetadataParsingOptions = .init()) throws(SAMLError) -> [SPMetadata] {
        var root = try SAMLXML.parse(xml, maxBytes: options.maxBytes).root
        if !options.trustedSigners.isEmpty {
            do {
                let verifier = try SignatureVerifier(trustedCertificates: options.trustedSigners,
                                                     options: .init(limits: XMLParserLimits(maxBytes: options.maxBytes, maxDepth: 32)))
                root = try verifier.verify(root).element
            } catch {
                throw .signatureInvalid(error)
            }
        }
        var result: [SPMetadata] = []
        try collect(root, inheritedValidUntil: nil, options: options, into: &result)
        return result
    }

    public static func parseAll(_ xml: String, options: MetadataParsingOptions = .init()) throws(SAMLError) -> [SPMetadata] {
        try parseAll(Array(xml.utf8), options: options)
    }

    /// Reads one SP. With an EntitiesDescriptor, `entityID` picks the entity;
    /// without it the document must hold exactly one SP.
    public static func parse(_ xml: String, entityID: String? = nil, options: MetadataParsingOptions = .init()) throws(SAMLError) -> SPMetadata {
        let all = try parseAll(Array(xml.utf8), options: options)
        if let entityID {
            guard let sp = all.first(where: { $0.entityID == entityID }) else { throw .entityNotFound(entityID) }
            return sp
        }
        guard all.count == 1 else {
            throw all.isEmpty ? .invalidMetadata("no SPSSODescriptor") : .invalidMetadata("several SPs; pass an entityID")
        }
        return all[0]
    }

    private static func validity(_ element: XMLElement, inherited: Date?, options: MetadataParsingOptions) throws(SAMLError) -> Date? {
        var validUntil = inherited
        if let raw = element.attr("validUntil") {
            guard let date = SAMLTime.date(from: raw.trimmingXMLWhitespace) else { throw .invalidMetadata("bad validUntil") }
            validUntil = min(date, inherited ?? date)
        }
        if let now = options.now, let validUntil, now >= validUntil { throw .metadataExpired }
        return validUntil
    }

    private static func collect(_ element: XMLElement, inheritedValidUntil: Date?, options: MetadataParsingOptions,
                                into result: inout [SPMetadata]) throws(SAMLError) {
        let md = SAMLNamespace.metadata
        let validUntil = try validity(element, inherited: inheritedValidUntil, options: options)
        if element.is("EntitiesDescriptor", md) {
            for child in element.children where child.namespaceURI == md {
                if child.localName == "EntitiesDescriptor" || child.localName == "EntityDescriptor" {
                    try collect(child, inheritedValidUntil: validUntil, options: options, into: &result)
                }
            }
        } else if element.is("EntityDescriptor", md) {
            if let sp = try entity(element, validUntil: validUntil, options: options) { result.append(sp) }
        } else {
            throw .invalidMetadata("root is \(element.localName), not EntityDescriptor or EntitiesDescriptor")
        }
    }

    private static func entity(_ element: XMLElement, validUntil: Date?, options: MetadataParsingOptions) throws(SAMLError) -> SPMetadata? {
        let md = SAMLNamespace.metadata
        guard let entityID = element.attr("entityID")?.trimmingXMLWhitespace, !entityID.isEmpty, entityID.utf8.count <= 1024 else {
            throw .invalidMetadata("EntityDescriptor without a valid entityID")
        }
        let descriptors = element.children(named: "SPSSODescriptor", namespaceURI: md).filter {
            ($0.attr("protocolSupportEnumeration") ?? "").split(separator: " ").contains { $0 == SAMLNamespace.protocol }
        }
        guard let sso = descriptors.first else { return nil }
        guard descriptors.count == 1 else { throw .invalidMetadata("\(entityID): several SAML 2.0 SPSSODescriptors") }
        let descriptorValidity = try validity(sso, inherited: validUntil, options: options)

        var sp = SPMetadata(entityID: entityID, assertionConsumerServices: [], validUntil: descriptorValidity)
        sp.authnRequestsSigned = try wrap(entityID) { () throws(SAMLError) in try sso.boolAttr("AuthnRequestsSigned") } ?? false
        sp.wantAssertionsSigned = try wrap(entityID) { () throws(SAMLError) in try sso.boolAttr("WantAssertionsSigned") } ?? false
        for child in sso.children where child.namespaceURI == md {
            switch child.localName {
            case "AssertionConsumerService":
                guard let rawIndex = child.attr("index"), let index = Int(rawIndex.trimmingXMLWhitespace), index >= 0, index <= 65535 else {
                    throw .invalidMetadata("\(entityID): AssertionConsumerService without a valid index")
                }
                var endpoint = try self.endpoint(child, entityID: entityID)
                endpoint.index = index
                endpoint.isDefault = try wrap(entityID) { () throws(SAMLError) in try child.boolAttr("isDefault") }
                sp.assertionConsumerServices.append(endpoint)
            case "SingleLogoutService":
                sp.singleLogoutServices.append(try self.endpoint(child, entityID: entityID))
            case "NameIDFormat":
                sp.nameIDFormats.append(child.trimmedText)
            case "KeyDescriptor":
                let use = child.attr("use")
                let certificates = try self.certificates(child, entityID: entityID)
                if use == nil || use == "signing" { sp.signingCertificates += certificates }
                if use == nil || use == "encryption" { sp.encryptionCertificates += certificates }
            default:
                continue
            }
        }
        guard !sp.assertionConsumerServices.isEmpty else { throw .invalidMetadata("\(entityID): no AssertionConsumerService") }
        let indexes = sp.assertionConsumerServices.compactMap(\.index)
        guard Set(indexes).count == indexes.count else { throw .invalidMetadata("\(entityID): duplicate ACS index") }
        return sp
    }

    private static func wrap<T>(_ entityID: String, _ body: () throws(SAMLError) -> T) throws(SAMLError) -> T {
        do { return try body() } catch { throw .invalidMetadata("\(entityID): \(error.description)") }
    }

    private static func endpoint(_ element: XMLElement, entityID: String) throws(SAMLError) -> Endpoint {
        guard let binding = element.attr("Binding")?.trimmingXMLWhitespace, !binding.isEmpty,
              let location = element.attr("Location")?.trimmingXMLWhitespace, isHTTPURL(location) else {
            throw .invalidMetadata("\(entityID): \(element.localName) needs a Binding and an http(s) Location")
        }
        let responseLocation = element.attr("ResponseLocation")?.trimmingXMLWhitespace
        if let responseLocation, !isHTTPURL(responseLocation) {
            throw .invalidMetadata("\(entityID): ResponseLocation is not an http(s) URL")
        }
        return Endpoint(binding: binding, location: location, responseLocation: responseLocation)
    }

    static func isHTTPURL(_ s: String) -> Bool {
        guard s.utf8.count <= 2048, s.hasPrefix("https://") || s.hasPrefix("http://") else { return false }
        return !s.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" }
    }

    private static func certificates(_ keyDescriptor: XMLElement, entityID: String) throws(SAMLError) -> [Certificate] {
        var result: [Certificate] = []
        for keyInfo in keyDescriptor.children(named: "KeyInfo", namespaceURI: SAMLNamespace.dsig) {
            for data in keyInfo.children(named: "X509Data", namespaceURI: SAMLNamespace.dsig) {
                for cert in data.children(named: "X509Certificate", namespaceURI: SAMLNamespace.dsig) {
                    do {
                        result.append(try Certificate(base64DER: cert.textContent))
                    } catch {
                        throw .invalidMetadata("\(entityID): bad X509Certificate: \(error.description)")
                    }
                }
            }
        }
        return result
    }
}
