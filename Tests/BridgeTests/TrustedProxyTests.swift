import Accounts
@testable import Bridge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Testing

/// Behind a reverse proxy every connection comes from the proxy: the
/// client's address is read from what a trusted proxy appended, never from
/// what anyone else wrote.
@Suite struct TrustedProxyTests {
    static let proxy = [AddressRange("10.0.0.5/32")!, AddressRange("192.168.10.0/24")!]

    func headers(_ name: HTTPField.Name, _ values: String...) -> HTTPFields {
        var fields = HTTPFields()
        for value in values { fields.append(HTTPField(name: name, value: value)) }
        return fields
    }

    @Test func theClientIsTheFirstUntrustedHopFromTheRight() {
        let chain = headers(.xForwardedFor, "6.6.6.6, 203.0.113.9, 192.168.10.2")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: chain, trusted: Self.proxy) == "203.0.113.9",
                "the forged leftmost entry is never reached")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.xForwardedFor, "6.6.6.6", "203.0.113.9"), trusted: Self.proxy) == "203.0.113.9",
                "several header lines read as one list")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.xForwardedFor, "203.0.113.9:51234"), trusted: Self.proxy) == "203.0.113.9")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.xForwardedFor, "2001:db8::7"), trusted: Self.proxy) == "2001:db8::7")
    }

    /// Threat: anyone on the network writes X-Forwarded-For to pass for
    /// another address (and so escape the per-address throttle).
    @Test func anUntrustedPeerCannotChooseItsAddress() {
        let forged = headers(.xForwardedFor, "203.0.113.9")
        #expect(ForwardedClient.address(peer: "198.51.100.1", headers: forged, trusted: Self.proxy) == "198.51.100.1")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: forged, trusted: []) == "10.0.0.5", "no proxy configured: no header read")
        #expect(ForwardedClient.address(peer: "198.51.100.1", headers: headers(.forwarded, "for=203.0.113.9"), trusted: Self.proxy) == "198.51.100.1")
    }

    @Test func garbageStopsAtTheLastReadableHop() {
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.xForwardedFor, "203.0.113.9, unknown, 192.168.10.2"), trusted: Self.proxy)
                == "192.168.10.2", "an unreadable hop is not skipped over to a forgeable one")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.xForwardedFor, ""), trusted: Self.proxy) == "10.0.0.5")
        let long = Array(repeating: "192.168.10.9", count: 40).joined(separator: ", ")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.xForwardedFor, "203.0.113.9, " + long), trusted: Self.proxy) == "192.168.10.9",
                "a chain longer than any real one is not walked to its forged end")
    }

    @Test func theStandardForwardedHeaderIsReadToo() {
        let standard = headers(.forwarded, #"for="[2001:db8::1]:4711";proto=https, for=192.168.10.3"#)
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: standard, trusted: Self.proxy) == "2001:db8::1")
        #expect(ForwardedClient.address(peer: "10.0.0.5", headers: headers(.forwarded, "proto=https"), trusted: Self.proxy) == "10.0.0.5")
    }

    /// Over a real socket: a failed login through a trusted proxy is audited
    /// (and throttled) under the client's address; from anyone else, under
    /// the peer's, whatever the header says.
    @Test(arguments: [(true, "203.0.113.9"), (false, "127.0.0.1")])
    func theAuditRecordsTheRealClient(_ trustLoopback: Bool, _ expected: String) async throws {
        let store = try await TestDatabases.store(.sqlite)
        let directory = try await DirectoryFixture.build(in: store)
        var configuration = BridgeConfiguration(hasher: .fast)
        configuration.trustedProxies = trustLoopback ? [AddressRange("127.0.0.1/32")!] : [AddressRange("10.0.0.5/32")!]
        let app = Application(router: try await SesameWeb.buildRouter(configuration: configuration, store: store, metrics: SesameMetrics()))
        try await app.test(.live) { client in
            let jar = CookieJar()
            let csrf = try await client.csrfToken(jar: jar)
            var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: "6.6.6.6, 203.0.113.9"]
            fields[.cookie] = jar.headerValue
            let body = formBody([("csrf", csrf), ("username", directory.guardian.identifier), ("password", "faux")])
            let refused = try await client.execute(uri: "/login", method: .post, headers: fields, body: ByteBuffer(string: body))
            #expect(refused.status == .unauthorized)
        }
        let failed = try await store.recentEvents(limit: 20).first { $0.kind == .loginFailed }
        #expect(failed?.ip == expected)
    }
}
