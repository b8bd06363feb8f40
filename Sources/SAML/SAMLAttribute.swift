import Primitives

/// One `<saml:Attribute>` (SAML core §2.7.3.1). Values are written as
/// xs:string.
public struct SAMLAttribute: Sendable, Hashable {
    public var name: String
    public var nameFormat: String
    public var friendlyName: String?
    public var values: [String]

    public init(name: String, nameFormat: String = AttributeNameFormat.uri, friendlyName: String? = nil, values: [String]) {
        self.name = name
        self.nameFormat = nameFormat
        self.friendlyName = friendlyName
        self.values = values
    }

    func xml() -> String {
        var out = "<saml:Attribute Name=\"\(XMLEscape.attribute(name))\" NameFormat=\"\(XMLEscape.attribute(nameFormat))\""
        if let friendlyName { out += " FriendlyName=\"\(XMLEscape.attribute(friendlyName))\"" }
        out += ">"
        for value in values {
            out += "<saml:AttributeValue xsi:type=\"xs:string\">\(XMLEscape.text(value))</saml:AttributeValue>"
        }
        return out + "</saml:Attribute>"
    }
}
