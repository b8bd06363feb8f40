/// Why a request was refused before looking at any ticket: always
/// INVALID_REQUEST (spec 2.5.3: "not all of the required request parameters
/// were present"; a repeated or unsupported parameter is refused the same way).
public struct CASRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case missingParameter(String)
        case repeatedParameter(String)
        case unsupportedFormat(String)
        case unsupportedMethod(String)
    }

    public let reason: Reason
    /// The format to answer in: the one asked for when it could be read, XML
    /// otherwise (an unsupported `format` is answered in XML).
    public let format: CASResponseFormat

    public init(_ reason: Reason, format: CASResponseFormat = .xml) {
        self.reason = reason
        self.format = format
    }

    public var description: String {
        switch reason {
        case .missingParameter(let name): "Required parameter '\(name)' is missing"
        case .repeatedParameter(let name): "Parameter '\(name)' is given more than once"
        case .unsupportedFormat(let value):
            "Unsupported format '\(CASFailure.shortened(value, limit: 40))', use XML or JSON"
        case .unsupportedMethod(let value):
            "Unsupported method '\(CASFailure.shortened(value, limit: 40))', use GET, POST or HEADER"
        }
    }

    /// The failure to put in a validation response.
    public var failure: CASFailure { CASFailure(code: .invalidRequest, message: description) }

    /// The failure to put in a /proxy response.
    public var proxyFailure: CASProxyFailure { CASProxyFailure(code: .invalidRequest, message: description) }
}

/// Reads CAS parameters from a decoded query (or form) dictionary. Parameter
/// names are case-sensitive (spec 2.x.1). A known parameter given twice is an
/// error; unknown parameters are ignored.
struct CASQuery {
    let parameters: [String: [String]]
    var format: CASResponseFormat = .xml

    init(_ parameters: [String: [String]]) {
        self.parameters = parameters
    }

    /// The single value of `name`, or nil when absent or empty.
    func optional(_ name: String) throws(CASRequestError) -> String? {
        guard let values = parameters[name] else { return nil }
        if values.count > 1 { throw CASRequestError(.repeatedParameter(name), format: format) }
        guard let value = values.first, !value.isEmpty else { return nil }
        return value
    }

    /// The single non-empty value of `name`.
    func required(_ name: String) throws(CASRequestError) -> String {
        guard let value = try optional(name) else {
            throw CASRequestError(.missingParameter(name), format: format)
        }
        return value
    }

    /// A flag such as `renew` or `gateway`: the spec says "if this parameter is
    /// set". Absent means false; present means true, even when empty, except
    /// the explicit values `false` and `0` (any case). Erring towards true is
    /// the safe side for `renew`.
    func flag(_ name: String) throws(CASRequestError) -> Bool {
        guard let values = parameters[name] else { return false }
        if values.count > 1 { throw CASRequestError(.repeatedParameter(name), format: format) }
        let value = (values.first ?? "").lowercased()
        return value != "false" && value != "0"
    }
}
