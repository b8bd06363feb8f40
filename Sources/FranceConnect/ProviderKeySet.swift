import Foundation

/// The provider's public signing keys, parsed from its JWKS. Keys we cannot use
/// (encryption keys, other curves) are skipped rather than failing the whole set.
public struct ProviderKeySet: Sendable, Equatable {
    enum Material: Sendable, Equatable {
        case rsa(modulus: String, exponent: String)
        case p256(x: String, y: String)
    }

    struct Key: Sendable, Equatable {
        let kid: String?
        let alg: String?
        let material: Material

        func fits(_ algorithm: SigningAlgorithm) -> Bool {
            if let alg, alg != algorithm.rawValue { return false }
            switch (material, algorithm) {
            case (.rsa, .rs256), (.p256, .es256): return true
            default: return false
            }
        }
    }

    let keys: [Key]

    public static let empty = ProviderKeySet(keys: [])

    init(keys: [Key]) { self.keys = keys }

    public init(jwksDocument body: [UInt8], endpoint: String = "jwks_uri") throws {
        struct Document: Decodable { let keys: [JWK] }
        struct JWK: Decodable {
            let kty: String
            let kid: String?
            let use: String?
            let alg: String?
            let crv: String?
            let n: String?
            let e: String?
            let x: String?
            let y: String?
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(body))
        } catch {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "JWKS is not valid: \(error)")
        }
        self.keys = document.keys.compactMap { jwk in
            if let use = jwk.use, use != "sig" { return nil }
            switch (jwk.kty, jwk.crv) {
            case ("RSA", _):
                guard let n = jwk.n, let e = jwk.e else { return nil }
                return Key(kid: jwk.kid, alg: jwk.alg, material: .rsa(modulus: n, exponent: e))
            case ("EC", "P-256"):
                guard let x = jwk.x, let y = jwk.y else { return nil }
                return Key(kid: jwk.kid, alg: jwk.alg, material: .p256(x: x, y: y))
            default:
                return nil
            }
        }
    }

    public var isEmpty: Bool { keys.isEmpty }

    public func containsKey(id: String) -> Bool { keys.contains { $0.kid == id } }
}
