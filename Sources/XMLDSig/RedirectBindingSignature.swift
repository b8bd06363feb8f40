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

/// RFC 3986 percent-encoding: everything but unreserved characters is
/// encoded, with upper-case hex, as most SAML stacks do.
/// RFC 3986 percent-encoding, shared with the SAML bindings.
public enum PercentEncoding {
    public static func encode(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil on a broken escape or invalid UTF-8.
    public static func decode(_ text: some StringProtocol, plusIsSpace: Bool = true) -> String? {
        var out = [UInt8]()
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let hi = hexValue(it.popFirst()!), let lo = hexValue(it.popFirst()!) else { return nil }
                out.append(hi << 4 | lo)
            } else if b == UInt8(ascii: "+"), plusIsSpace {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Splits a raw query string into undecoded (name, value) pairs.
    public static func rawPairs(_ query: String) -> [(name: Substring, value: Substring)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts[0], parts.count == 2 ? parts[1] : "")
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
