import Foundation
import Primitives

/// The three segments of a compact JWS and its decoded header, read before any key is
/// chosen so the algorithm can be vetted against configuration, never trusted.
struct CompactJWS: Sendable {
    let raw: String
    let algorithm: String
    let keyID: String?

    init(_ token: String) throws {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw FranceConnectError.malformedToken("expected 3 segments, got \(segments.count)")
        }
        guard let headerBytes = Base64.decodeBase64URL(segments[0]),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any]
        else {
            throw FranceConnectError.malformedToken("header is not base64url JSON")
        }
        guard let alg = header["alg"] as? String else { throw FranceConnectError.malformedToken("missing alg") }
        if header["crit"] != nil {
            // We implement no extensions, so a critical one must be refused (RFC 7515 §4.1.11).
            throw FranceConnectError.malformedToken("unsupported crit header")
        }
        if let kid = header["kid"], !(kid is String) { throw FranceConnectError.malformedToken("kid is not a string") }
        self.raw = token
        self.algorithm = alg
        self.keyID = header["kid"] as? String
        guard Base64.decodeBase64URL(segments[1]) != nil else { throw FranceConnectError.malformedToken("payload encoding") }
        if alg.lowercased() != "none" && segments[2].isEmpty {
            throw FranceConnectError.malformedToken("empty signature")
        }
    }
}
