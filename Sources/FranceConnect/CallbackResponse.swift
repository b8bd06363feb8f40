import Primitives

/// The redirect back from the provider, checked against the stored state.
public struct AuthorizationCallback: Sendable, Equatable {
    public let code: String

    /// Parses the callback query string (with or without the leading `?`).
    /// Provider errors are reported before the state check so a cancel is never shown as an
    /// attack, but a code is only accepted when the state matches in constant time.
    public init(query: String, expectedState: String) throws {
        guard let pairs = PercentEncoding.decodeForm(query) else {
            throw FranceConnectError.invalidCallback("malformed query string")
        }
        var values: [String: String] = [:]
        for (name, value) in pairs {
            // A repeated parameter is ambiguous (RFC 6749 §3.1): refuse rather than pick one.
            guard values[name] == nil else { throw FranceConnectError.invalidCallback("repeated parameter \(name)") }
            values[name] = value
        }
        if let error = values["error"] {
            if error == "access_denied" { throw FranceConnectError.userCancelled }
            throw FranceConnectError.providerError(code: error, description: values["error_description"])
        }
        guard let state = values["state"], !state.isEmpty else {
            throw FranceConnectError.invalidCallback("missing state")
        }
        guard ConstantTime.equal(state, expectedState) else { throw FranceConnectError.stateMismatch }
        guard let code = values["code"], !code.isEmpty else {
            throw FranceConnectError.invalidCallback("missing code")
        }
        self.code = code
    }
}
