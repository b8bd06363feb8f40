import XMLDSig
import Primitives

/// Status codes (SAML core §3.2.2.2). The top-level code is one of four;
/// a second-level code may refine it.
public struct SAMLStatusCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    private static let prefix = "urn:oasis:names:tc:SAML:2.0:status:"
    // Top-level codes.
    public static let success = Self(rawValue: prefix + "Success")
    public static let requester = Self(rawValue: prefix + "Requester")
    public static let responder = Self(rawValue: prefix + "Responder")
    public static let versionMismatch = Self(rawValue: prefix + "VersionMismatch")
    // Second-level codes used by an IdP.
    public static let authnFailed = Self(rawValue: prefix + "AuthnFailed")
    public static let invalidAttrNameOrValue = Self(rawValue: prefix + "InvalidAttrNameOrValue")
    public static let invalidNameIDPolicy = Self(rawValue: prefix + "InvalidNameIDPolicy")
    public static let noAuthnContext = Self(rawValue: prefix + "NoAuthnContext")
    public static let noPassive = Self(rawValue: prefix + "NoPassive")
    public static let partialLogout = Self(rawValue: prefix + "PartialLogout")
    public static let requestDenied = Self(rawValue: prefix + "RequestDenied")
    public static let requestUnsupported = Self(rawValue: prefix + "RequestUnsupported")
    public static let requestVersionTooHigh = Self(rawValue: prefix + "RequestVersionTooHigh")
    public static let requestVersionTooLow = Self(rawValue: prefix + "RequestVersionTooLow")
    public static let unknownPrincipal = Self(rawValue: prefix + "UnknownPrincipal")
    public static let unsupportedBinding = Self(rawValue: prefix + "UnsupportedBinding")

    public var isTopLevel: Bool { [.success, .requester, .responder, .versionMismatch].contains(self) }
}

/// A `<samlp:Status>`: top-level code, optional second-level code, optional message.
public struct SAMLStatus: Hashable, Sendable {
    public var code: SAMLStatusCode
    public var subcode: SAMLStatusCode?
    public var message: String?

    public init(_ code: SAMLStatusCode, _ subcode: SAMLStatusCode? = nil, message: String? = nil) {
        self.code = code
        self.subcode = subcode
        self.message = message
    }

    public static let success = SAMLStatus(.success)
    public var isSuccess: Bool { code == .success }

    /// SAML core §3.7.3.2: the top-level code tells about the session
    /// authority itself (Success), and the second-level PartialLogout says
    /// that other session participants may still have a session.
    public static let partialLogout = SAMLStatus(.success, .partialLogout)

    func xml() -> String {
        var out = "<samlp:Status><samlp:StatusCode Value=\"\(XMLEscape.attribute(code.rawValue))\""
        if let subcode {
            out += "><samlp:StatusCode Value=\"\(XMLEscape.attribute(subcode.rawValue))\"/></samlp:StatusCode>"
        } else {
            out += "/>"
        }
        if let message { out += "<samlp:StatusMessage>\(XMLEscape.text(message))</samlp:StatusMessage>" }
        return out + "</samlp:Status>"
    }

    /// Reads a `<samlp:Status>` element.
    static func parse(_ element: XMLElement) throws(SAMLError) -> SAMLStatus {
        guard let top = try element.optionalChild("StatusCode", SAMLNamespace.protocol), let value = top.attr("Value"), !value.isEmpty else {
            throw .malformedMessage("Status has no StatusCode")
        }
        let sub = try top.optionalChild("StatusCode", SAMLNamespace.protocol)?.attr("Value")
        let message = try element.optionalChild("StatusMessage", SAMLNamespace.protocol)?.textContent
        return SAMLStatus(SAMLStatusCode(rawValue: value), sub.map(SAMLStatusCode.init(rawValue:)), message: message)
    }
}
