import XMLDSig
import Primitives

/// Detached signatures of the SAML HTTP-Redirect binding (SAML bindings
/// §3.4.4.1). The signed octets are
/// `SAMLRequest=v&RelayState=v&SigAlg=v` (or SAMLResponse) built from the
/// values exactly as they were URL-encoded in the received query string:
/// re-encoding could differ from the sender's choices, so the raw text is kept.
public enum RedirectBindingSignature {
    public enum MessageKind: String, Sendable {
        case request = "SAMLRequest"
        case response = "SAMLResponse"
    }

    /// A verified redirect query, with decoded values.
    public struct VerifiedQuery: Sendable, Equatable {
        public let kind: MessageKind
        /// Percent-decoded message parameter (base64 of the DEFLATEd XML).
        public let message: String
        public let relayState: String?
        public let signatureAlgorithm: SignatureAlgorithm
        public let signingCertificate: Certificate
    }

    /// Builds `SAMLRequest=..&RelayState=..&SigAlg=..&Signature=..`.
    /// `message` is the base64 text of the DEFLATEd message (not yet URL-encoded).
    public static func signedQuery(kind: MessageKind, message: String, relayState: String?, key: PrivateKey,
                                   algorithm: SignatureAlgorithm? = nil) throws(XMLSignatureError) -> String {
        let algorithm = algorithm ?? (key.type.isEC ? .ecdsaSHA256 : .rsaSHA256)
        var signed = kind.rawValue + "=" + PercentEncoding.encode(message)
        if let relayState { signed += "&RelayState=" + PercentEncoding.encode(relayState) }
        signed += "&SigAlg=" + PercentEncoding.encode(algorithm.rawValue)
        let signature = try key.signature(for: Array(signed.utf8), algorithm: algorithm)
        return signed + "&Signature=" + PercentEncoding.encode(Base64.encode(signature))
    }

    /// Verifies the raw query string (everything after "?", undecoded).
    /// Parameters other than the four SAML ones are ignored; any of those
    /// four given twice is refused, as is SAMLRequest together with SAMLResponse.
    public static func verify(rawQuery: String, trustedCertificates: [Certificate],
                              allowSHA1: Bool = false) throws(XMLSignatureError) -> VerifiedQuery {
        guard !trustedCertificates.isEmpty else { throw .noTrustedCertificates }
        var raw: [String: Substring] = [:]
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard ["SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature"].contains(name) else { continue }
            guard raw[name] == nil else { throw .malformedQuery("parameter \(name) appears twice") }
            raw[name] = parts.count == 2 ? parts[1] : ""
        }
        let kind: MessageKind
        switch (raw["SAMLRequest"], raw["SAMLResponse"]) {
        case (.some, nil): kind = .request
        case (nil, .some): kind = .response
        case (.some, .some): throw .malformedQuery("both SAMLRequest and SAMLResponse")
        case (nil, nil): throw .malformedQuery("no SAMLRequest or SAMLResponse")
        }
        guard let rawMessage = raw[kind.rawValue], let rawSigAlg = raw["SigAlg"], let rawSignature = raw["Signature"] else {
            throw .malformedQuery("SigAlg and Signature are required")
        }
        guard let sigAlgURI = PercentEncoding.decode(rawSigAlg, plusIsSpace: true),
              let algorithm = SignatureAlgorithm(rawValue: sigAlgURI) else {
            throw .algorithmNotAllowed(String(rawSigAlg))
        }
        guard SignatureAlgorithm.defaultAllowed.contains(algorithm) || (allowSHA1 && algorithm == .rsaSHA1) else {
            throw .algorithmNotAllowed(algorithm.rawValue)
        }
        // Base64 never contains spaces: a literal "+" sent unencoded is a "+".
        guard let signatureText = PercentEncoding.decode(rawSignature, plusIsSpace: false),
              let signature = Base64.decode(signatureText), !signature.isEmpty else {
            throw .malformedQuery("Signature is not base64")
        }
        var signed = kind.rawValue + "=" + rawMessage
        if let relay = raw["RelayState"] { signed += "&RelayState=" + relay }
        signed += "&SigAlg=" + rawSigAlg
        let octets = Array(signed.utf8)
        let candidates = trustedCertificates.filter { algorithm.isRSA ? $0.publicKey.type.isRSA : $0.publicKey.type.isEC }
        guard let signer = candidates.first(where: { $0.publicKey.isValidSignature(signature, for: octets, algorithm: algorithm) }) else {
            throw candidates.isEmpty ? .untrustedKey : .signatureInvalid
        }
        guard let message = PercentEncoding.decode(rawMessage, plusIsSpace: false) else {
            throw .malformedQuery("\(kind.rawValue) is not URL-encoded")
        }
        var relayState: String?
        if let relay = raw["RelayState"] {
            guard let decoded = PercentEncoding.decode(relay, plusIsSpace: true) else { throw .malformedQuery("RelayState is not URL-encoded") }
            relayState = decoded
        }
        return VerifiedQuery(kind: kind, message: message, relayState: relayState,
                             signatureAlgorithm: algorithm, signingCertificate: signer)
    }
}
