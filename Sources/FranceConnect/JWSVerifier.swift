
import JWTKit

/// Checks a JWS signature under the configured algorithm policy and returns its raw claims.
/// The header's `alg` is only ever compared with configuration; the key type decides the
/// actual verification, which is what defeats algorithm confusion.
struct JWSVerifier: Sendable {
    let settings: ClientSettings
    let keys: ProviderKeySet

    func verify(_ token: String) async throws -> TokenClaims {
        let jws = try CompactJWS(token)
        if jws.algorithm.lowercased() == "none" { throw FranceConnectError.unsignedToken }
        guard let algorithm = SigningAlgorithm(rawValue: jws.algorithm),
            settings.allowedAlgorithms.contains(algorithm)
        else {
            throw FranceConnectError.algorithmNotAllowed(jws.algorithm)
        }
        let collection = JWTKeyCollection()
        if algorithm == .hs256 {
            await collection.add(hmac: HMACKey(from: Array(settings.clientSecret.utf8)), digestAlgorithm: .sha256)
        } else {
            try await add(try key(for: jws, algorithm: algorithm), to: collection)
        }
        do {
            return try await collection.verify(token, as: TokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw FranceConnectError.badSignature
        } catch let error as FranceConnectError {
            throw error
        } catch {
            throw FranceConnectError.malformedToken("\(error)")
        }
    }

    /// Picks the provider key: by `kid` when given, else the only key that fits.
    private func key(for jws: CompactJWS, algorithm: SigningAlgorithm) throws -> ProviderKeySet.Key {
        if let kid = jws.keyID {
            guard let key = keys.keys.first(where: { $0.kid == kid }) else {
                throw FranceConnectError.unknownKeyID(kid)
            }
            guard key.fits(algorithm) else { throw FranceConnectError.algorithmNotAllowed(jws.algorithm) }
            return key
        }
        let fitting = keys.keys.filter { $0.fits(algorithm) }
        guard fitting.count == 1, let key = fitting.first else {
            // Zero keys: maybe rotated, refetch. Several: ambiguous without a kid.
            throw fitting.isEmpty
                ? FranceConnectError.unknownKeyID(nil) : FranceConnectError.malformedToken("kid required")
        }
        return key
    }

    private func add(_ key: ProviderKeySet.Key, to collection: JWTKeyCollection) async throws {
        do {
            switch key.material {
            case .rsa(let modulus, let exponent):
                let publicKey = try JWTKit.Insecure.RSA.PublicKey(modulus: modulus, exponent: exponent)
                await collection.add(rsa: publicKey, digestAlgorithm: .sha256)
            case .p256(let x, let y):
                await collection.add(ecdsa: try ES256PublicKey(parameters: (x: x, y: y)))
            }
        } catch {
            throw FranceConnectError.invalidResponse(endpoint: "jwks_uri", reason: "unusable key: \(error)")
        }
    }
}
