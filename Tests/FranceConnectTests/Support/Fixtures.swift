import AsyncHTTPClient
import FranceConnect
import FranceConnectAsyncHTTPClient
import Foundation
import SesameTestSupport

/// Shared across tests: one HTTP client and one instance of each Python peer per test run.
enum Fixtures {
    static let transport = AsyncHTTPClientTransport(client: AsyncHTTPClientTransport.makeClient())

    static let clientID = "sesame-test-client"
    /// Long enough for HS256 (RFC 7518 §3.2 wants at least 256 bits of key).
    static let clientSecret = "s3same-test-secret/with+reserved&chars=0123456789"
    static let redirectURI = "http://127.0.0.1:8080/auth/franceconnect/callback"

    static let josePeer = Task {
        try ListeningPeer(script: "FranceConnectTests/Peers/fc_jose_peer.py", arguments: ["--client-id", clientID, "--client-secret", clientSecret],
                          workDirectory: try makeTemporaryDirectory())
    }

    static let mockPeer = Task {
        try ListeningPeer(
            script: "FranceConnectTests/Peers/run_mock_op.py",
            arguments: [
                "--user-claims",
                #"{"sub": "mock-user-1", "given_name": "Jeanne", "family_name": "LEROY", "birthdate": "1975-01-31", "gender": "female", "email": "jeanne.leroy@example.fr", "birthplace": "33063", "birthcountry": "99100"}"#,
            ], workDirectory: try makeTemporaryDirectory())
    }

    static func settings(
        algorithms: Set<SigningAlgorithm> = [.es256, .rs256],
        scopes: [String] = ClientSettings.defaultScopes,
        acrValues: [String] = ["eidas1"],
        requiredACR: EIDASLevel? = .eidas1,
        auth: TokenEndpointAuth = .clientSecretPost
    ) throws -> ClientSettings {
        try ClientSettings(
            clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI,
            postLogoutRedirectURI: "http://127.0.0.1:8080/", scopes: scopes, acrValues: acrValues,
            requiredACR: requiredACR, allowedAlgorithms: algorithms, tokenEndpointAuth: auth)
    }

    /// The query string of a redirect's `Location` header.
    static func callbackQuery(from reply: HTTPReply) throws -> String {
        guard (300..<400).contains(reply.status), let location = reply.headers["location"],
            let query = location.split(separator: "?", maxSplits: 1).dropFirst().first
        else {
            throw FixtureError.noRedirect(reply.status, String(decoding: reply.body.prefix(300), as: UTF8.self))
        }
        return String(query)
    }

    enum FixtureError: Error { case noRedirect(Int, String) }
}
