import XMLDSig
import Primitives
/// What the web layer renders as an auto-submitting HTML form (SAML
/// bindings §3.5.4): POST to `url` with these hidden fields.
public struct PostForm: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public let url: String
    public let fieldList: [Field]

    /// The (name, value) pairs, SAMLRequest/SAMLResponse first.
    public var fields: [(name: String, value: String)] { fieldList.map { ($0.name, $0.value) } }

    /// `message` is the XML; it is base64-encoded here (no DEFLATE for POST).
    init(url: String, kind: MessageKind, xml: String, relayState: String?) {
        self.url = url
        var list = [Field(name: kind.rawValue, value: Base64.encode(Array(xml.utf8)))]
        if let relayState { list.append(Field(name: "RelayState", value: relayState)) }
        fieldList = list
    }

    enum MessageKind: String { case request = "SAMLRequest", response = "SAMLResponse" }
}

/// An outgoing message: either a URL to redirect the browser to, or a form
/// to POST from the browser.
public enum OutboundMessage: Sendable, Equatable {
    case redirect(url: String)
    case post(PostForm)
}
