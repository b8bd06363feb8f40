/// URIs fixed by the SAML 2.0 specifications.
public enum SAMLNamespace {
    public static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    public static let `protocol` = "urn:oasis:names:tc:SAML:2.0:protocol"
    public static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    public static let dsig = "http://www.w3.org/2000/09/xmldsig#"
}

/// Protocol bindings (SAML bindings §3.4, §3.5).
public enum SAMLBinding: String, Sendable, Hashable, CaseIterable {
    case httpRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    case httpPOST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
}

/// NameID formats (SAML core §8.3).
public enum NameIDFormat {
    public static let persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    public static let transient = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
    public static let unspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
    public static let emailAddress = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    public static let entity = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
}

/// Attribute NameFormat values (SAML core §8.2).
public enum AttributeNameFormat {
    public static let uri = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
    public static let basic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
    public static let unspecified = "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"
}

/// Authentication context classes (SAML authn context §3.4).
public enum AuthnContextClass {
    public static let passwordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
    public static let password = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"
    public static let unspecified = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified"
}

/// Logout reasons (SAML core §3.7.3).
public enum LogoutReason {
    public static let user = "urn:oasis:names:tc:SAML:2.0:logout:user"
    public static let admin = "urn:oasis:names:tc:SAML:2.0:logout:admin"
}

enum SubjectConfirmationMethod {
    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
}
