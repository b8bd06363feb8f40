import Primitives

/// CAS 2.0 / 3.0 `cas:serviceResponse` XML documents (spec 2.5.2, 2.6.2,
/// 2.7.2, Appendix A). Output is byte-stable: two-space indentation, one
/// element per line, a final line feed, no XML declaration.
public enum ServiceResponseXML {
    static let open = "<cas:serviceResponse xmlns:cas=\"\(casNamespace)\">\n"
    static let close = "</cas:serviceResponse>\n"

    /// The document for a validation outcome. With `attributes` (CAS 3.0
    /// endpoints) a success carries `cas:attributes`; without it (CAS 2.0)
    /// it does not.
    public static func render(_ outcome: CASValidationOutcome, attributes: Bool) -> String {
        switch outcome {
        case .success(let success): successDocument(success, attributes: attributes)
        case .failure(let failure): failureDocument(failure)
        }
    }

    /// The document for a /proxy outcome.
    public static func render(_ outcome: CASProxyOutcome) -> String {
        var out = open
        switch outcome {
        case .success(let ticket):
            out += "  <cas:proxySuccess>\n"
            out += "    <cas:proxyTicket>\(XMLEscape.attribute(ticket.value))</cas:proxyTicket>\n"
            out += "  </cas:proxySuccess>\n"
        case .failure(let failure):
            out += "  <cas:proxyFailure code=\"\(failure.code.rawValue)\">"
                + XMLEscape.attribute(failure.message) + "</cas:proxyFailure>\n"
        }
        return out + close
    }

    static func failureDocument(_ failure: CASFailure) -> String {
        open
            + "  <cas:authenticationFailure code=\"\(failure.code.rawValue)\">"
            + XMLEscape.attribute(failure.message) + "</cas:authenticationFailure>\n"
            + close
    }

    /// Children in the schema's order (Appendix A): user, attributes,
    /// proxyGrantingTicket, proxies.
    static func successDocument(_ success: CASAuthenticationSuccess, attributes: Bool) -> String {
        var out = open + "  <cas:authenticationSuccess>\n"
        out += "    " + element("user", success.user) + "\n"
        if attributes {
            out += "    <cas:attributes>\n"
            out += "      " + element("authenticationDate", success.authenticationDateText) + "\n"
            out += "      " + element("longTermAuthenticationRequestTokenUsed",
                                      String(success.longTermAuthenticationRequestTokenUsed)) + "\n"
            out += "      " + element("isFromNewLogin", String(success.isFromNewLogin)) + "\n"
            for attribute in success.releasableAttributes {
                for value in attribute.values {
                    out += "      " + element(attribute.name, value) + "\n"
                }
            }
            out += "    </cas:attributes>\n"
        }
        if let iou = success.proxyGrantingTicketIOU {
            out += "    " + element("proxyGrantingTicket", iou.value) + "\n"
        }
        if !success.proxies.isEmpty {
            out += "    <cas:proxies>\n"
            for proxy in success.proxies {
                out += "      " + element("proxy", proxy) + "\n"
            }
            out += "    </cas:proxies>\n"
        }
        return out + "  </cas:authenticationSuccess>\n" + close
    }

    /// `<cas:NAME>escaped</cas:NAME>`; `name` must already be an NCName.
    private static func element(_ name: String, _ text: String) -> String {
        "<cas:\(name)>\(XMLEscape.attribute(text))</cas:\(name)>"
    }
}

extension CASProxyOutcome {
    /// The /proxy response (XML only: spec 2.7 defines no `format` parameter).
    public var response: CASResponse { .xml(ServiceResponseXML.render(self)) }
}
