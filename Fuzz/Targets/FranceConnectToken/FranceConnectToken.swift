import FranceConnect
import FuzzDriver
import FuzzSupport

/// What FranceConnect's side of the network hands Sesame: ID tokens
/// (compact JWS, then their claims), the JWKS, the discovery document, the
/// callback query, the userinfo answer in JSON or as a JWT. Mode 1 and 6
/// sign the fuzzer's header and payload with the client secret, so that the
/// claims parser and checks run behind a valid signature. Every refusal
/// must be a `FranceConnectError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (mode, payload) = FuzzInput(data, size).mode(of: 7)
    let text = String(decoding: payload, as: UTF8.self)
    let (first, second) = FuzzInput.split(payload)
    let fixture = FranceConnectFixture.self
    blocking {
        do {
            switch mode {
            case 0:
                for verifier in [fixture.symmetric, fixture.asymmetric] {
                    do { _ = try await verifier.verify(text, expectedNonce: fixture.nonce, now: fixture.now) } catch {
                        Property.typed(error, as: FranceConnectError.self)
                    }
                }
            case 1:
                _ = try await fixture.symmetric.verify(fixture.signedHS256(header: first, payload: second),
                                                       expectedNonce: fixture.nonce, now: fixture.now)
            case 2: _ = try ProviderKeySet(jwksDocument: payload)
            case 3: _ = try ProviderMetadata(discoveryDocument: payload, expectedIssuer: fixture.metadata.issuer)
            case 4: _ = try AuthorizationCallback(query: text, expectedState: "state-fuzz-0123456789")
            case 5:
                _ = try await parser.parse(HTTPReply(status: 200, headers: ["Content-Type": "application/json"], body: payload),
                                           expectedSubject: fixture.subject, now: fixture.now)
            default:
                let token = fixture.signedHS256(header: first, payload: second)
                _ = try await parser.parse(HTTPReply(status: 200, headers: ["Content-Type": "application/jwt"], body: Array(token.utf8)),
                                           expectedSubject: fixture.subject, now: fixture.now)
            }
        } catch {
            Property.typed(error, as: FranceConnectError.self)
        }
    }
    return 0
}

let parser = UserinfoParser(settings: FranceConnectFixture.symmetric.settings, metadata: FranceConnectFixture.metadata,
                            keys: FranceConnectFixture.symmetric.keys)

@_cdecl("FuzzFranceConnectToken_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
