/// A response body with the content type to send it with.
public struct CASResponse: Sendable, Hashable {
    public let body: String
    public let contentType: String

    public init(body: String, contentType: String) {
        self.body = body
        self.contentType = contentType
    }

    static func xml(_ body: String) -> CASResponse {
        CASResponse(body: body, contentType: "application/xml; charset=UTF-8")
    }

    static func json(_ body: String) -> CASResponse {
        CASResponse(body: body, contentType: "application/json; charset=UTF-8")
    }

    static func text(_ body: String) -> CASResponse {
        CASResponse(body: body, contentType: "text/plain; charset=UTF-8")
    }
}

/// The `format` parameter of the validation endpoints (spec 2.5.1).
public enum CASResponseFormat: String, Sendable, Hashable, CaseIterable {
    case xml = "XML"
    case json = "JSON"
}

/// The CAS XML namespace (spec Appendix A).
public let casNamespace = "http://www.yale.edu/tp/cas"

extension CASEndpoint {
    /// The response for a validation outcome on this endpoint: CAS 1 text for
    /// /validate, CAS 2 XML or JSON (no attributes) for /serviceValidate and
    /// /proxyValidate, CAS 3 XML or JSON (attributes) for the /p3 endpoints.
    /// `format` is ignored by /validate. Not for /login, /logout or /proxy:
    /// those get a CAS 2 failure document, which is the closest safe answer.
    public func response(for outcome: CASValidationOutcome,
                         format: CASResponseFormat = .xml) -> CASResponse {
        if self == .validate { return CAS1Response.render(outcome) }
        switch format {
        case .xml:
            return .xml(ServiceResponseXML.render(outcome, attributes: releasesAttributes))
        case .json:
            return .json(ServiceResponseJSON.render(outcome, attributes: releasesAttributes))
        }
    }
}
