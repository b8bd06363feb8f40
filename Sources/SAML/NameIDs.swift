import XMLDSig
import Primitives
/// A `<saml:NameID>` (SAML core §2.2.3).
public struct NameID: Sendable, Hashable {
    public var value: String
    public var format: String
    public var nameQualifier: String?
    public var spNameQualifier: String?

    public init(value: String, format: String, nameQualifier: String? = nil, spNameQualifier: String? = nil) {
        self.value = value
        self.format = format
        self.nameQualifier = nameQualifier
        self.spNameQualifier = spNameQualifier
    }

    func xml() -> String {
        var out = "<saml:NameID Format=\"\(XMLEscape.attribute(format))\""
        if let nameQualifier { out += " NameQualifier=\"\(XMLEscape.attribute(nameQualifier))\"" }
        if let spNameQualifier { out += " SPNameQualifier=\"\(XMLEscape.attribute(spNameQualifier))\"" }
        return out + ">\(XMLEscape.text(value))</saml:NameID>"
    }
}

/// Identifiers for subjects.
public enum NameIDs {
    public enum Encoding: Sendable { case hex, base64URL }

    /// Pairwise persistent identifier (SAML core §8.3.7: opaque, stable per
    /// SP, not linkable across SPs): HMAC-SHA256(secret, spEntityID + "|" +
    /// accountID), as 64 hex characters or 43 base64url characters.
    /// The secret must stay the same for the identifiers to stay the same.
    public static func pairwise(secret: [UInt8], spEntityID: String, accountID: String, encoding: Encoding = .hex) -> String {
        let mac = Digest.hmacSHA256(key: secret, message: Array((spEntityID + "|" + accountID).utf8))
        switch encoding {
        case .hex: return Hex.encode(mac)
        case .base64URL: return Base64.base64URL(mac)
        }
    }

    /// Persistent NameID for an SP, qualified as SAML core §8.3.7 suggests.
    public static func persistent(secret: [UInt8], idpEntityID: String, spEntityID: String, accountID: String,
                                  encoding: Encoding = .hex) -> NameID {
        NameID(value: pairwise(secret: secret, spEntityID: spEntityID, accountID: accountID, encoding: encoding),
               format: NameIDFormat.persistent, nameQualifier: idpEntityID, spNameQualifier: spEntityID)
    }

    /// Transient NameID: a fresh random identifier (core §8.3.8). Store it
    /// with the session if SLO must map it back.
    public static func transient() -> NameID {
        NameID(value: SAMLIdentifier.generate(), format: NameIDFormat.transient)
    }

    /// Fresh random value for IDs and SessionIndex: "_" + 40 hex characters.
    public static func randomID() -> String { SAMLIdentifier.generate() }
}
