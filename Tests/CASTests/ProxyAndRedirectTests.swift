import Foundation
import Testing
@testable import CAS
import Primitives

@Suite struct ProxyCallbackTests {
    func registry(allowInsecure: Bool = false) throws -> ServiceRegistry {
        try ServiceRegistry(services: [
            RegisteredService(id: "proxying", name: "P", match: .prefix("https://a.org/"), profile: "p",
                              proxyCallbacks: [.prefix("https://a.org/pgt"),
                                               allowInsecure ? .exact("http://localhost:9/cb")
                                                   : .pattern(try ServicePattern("^https?://localhost:9/cb$"))]),
            RegisteredService(id: "plain", name: "N", match: .prefix("https://b.org/"), profile: "p"),
        ], allowInsecure: allowInsecure)
    }

    @Test func callbackRulesAndCodes() throws {
        let r = try registry()
        let proxying = try #require(r.service(withID: "proxying"))
        try r.checkProxyCallback("https://a.org/pgt", for: proxying)
        try r.checkProxyCallback("https://A.ORG/pgt/receive?x=1", for: proxying)
        #expect(throws: ProxyCallbackError.notAllowed) { try r.checkProxyCallback("https://a.org/pgtx", for: proxying) }
        #expect(throws: ProxyCallbackError.notHTTPS) { try r.checkProxyCallback("http://a.org/pgt", for: proxying) }
        #expect(throws: ProxyCallbackError.invalidURL(.userInfo)) {
            try r.checkProxyCallback("https://a.org@evil.org/pgt", for: proxying)
        }
        let plain = try #require(r.service(withID: "plain"))
        do {
            try r.checkProxyCallback("https://b.org/pgt", for: plain)
            Issue.record("plain service may not proxy")
        } catch {
            #expect(error.failureCode == .unauthorizedServiceProxy)
        }
        #expect(ProxyCallbackError.notAllowed.failure.code == .invalidProxyCallback)
    }

    @Test func loopbackHTTPCallbackOnlyWhenInsecureIsAllowed() throws {
        let strict = try registry()
        let proxying = try #require(strict.service(withID: "proxying"))
        #expect(throws: ProxyCallbackError.notHTTPS) { try strict.checkProxyCallback("http://localhost:9/cb", for: proxying) }
        try strict.checkProxyCallback("https://localhost:9/cb", for: proxying)
        let lax = try registry(allowInsecure: true)
        try lax.checkProxyCallback("http://localhost:9/cb", for: try #require(lax.service(withID: "proxying")))
        #expect(throws: ProxyCallbackError.notHTTPS) {
            try lax.checkProxyCallback("http://a.org/pgt", for: try #require(lax.service(withID: "proxying")))
        }
    }

    @Test func callbackURLKeepsExistingQueryAndFragment() {
        let iou = TicketGenerator.generate(.proxyGrantingIOU), pgt = TicketGenerator.generate(.proxyGranting)
        let suffix = "pgtIou=\(iou.value)&pgtId=\(pgt.value)"
        #expect(ProxyCallback.callbackURL(pgtUrl: "https://a.org/pgt", pgtIou: iou, pgtId: pgt)
                == "https://a.org/pgt?" + suffix)
        #expect(ProxyCallback.callbackURL(pgtUrl: "https://a.org/pgt?app=1", pgtIou: iou, pgtId: pgt)
                == "https://a.org/pgt?app=1&" + suffix)
        #expect(ProxyCallback.callbackURL(pgtUrl: "https://a.org/pgt?", pgtIou: iou, pgtId: pgt)
                == "https://a.org/pgt?" + suffix)
        #expect(ProxyCallback.callbackURL(pgtUrl: "https://a.org/pgt?a=1#f", pgtIou: iou, pgtId: pgt)
                == "https://a.org/pgt?a=1&" + suffix + "#f")
        let parsed = URLComponents(string: ProxyCallback.callbackURL(pgtUrl: "https://a.org/p?x=%26", pgtIou: iou,
                                                                     pgtId: pgt))
        #expect(parsed?.queryItems?.map(\.name) == ["x", "pgtIou", "pgtId"])
        #expect(parsed?.queryItems?.first?.value == "&")
    }
}

@Suite struct LoginRedirectTests {
    let st = TicketGenerator.generate(.service)

    @Test func appendsTicketRespectingQueryAndFragment() {
        #expect(LoginRedirect.serviceURL("https://a.org/app", ticket: st) == "https://a.org/app?ticket=\(st)")
        #expect(LoginRedirect.serviceURL("https://a.org/app?x=1&y=2", ticket: st)
                == "https://a.org/app?x=1&y=2&ticket=\(st)")
        #expect(LoginRedirect.serviceURL("https://a.org/app#/route?z", ticket: st)
                == "https://a.org/app?ticket=\(st)#/route?z")
        #expect(LoginRedirect.serviceURL("https://a.org/app?x=1#frag", ticket: st)
                == "https://a.org/app?x=1&ticket=\(st)#frag")
        #expect(LoginRedirect.serviceURL("https://a.org/app?x=1&", ticket: st)
                == "https://a.org/app?x=1&ticket=\(st)")
    }

    @Test func gatewayAndMethods() {
        let service = "https://a.org/app?x=1"
        #expect(LoginRedirect.gatewayURL(service) == service)
        #expect(LoginRedirect.response(service: service, ticket: nil, method: .get) == .redirect(service))
        #expect(LoginRedirect.response(service: service, ticket: st, method: .get)
                == .redirect("https://a.org/app?x=1&ticket=\(st)"))
        #expect(LoginRedirect.response(service: service, ticket: st, method: .post)
                == .formPost(action: service, fields: [.init(name: "ticket", value: st.value)]))
        #expect(LoginRedirect.response(service: service, ticket: nil, method: .post)
                == .formPost(action: service, fields: []))
        #expect(LoginRedirect.response(service: service, ticket: st, method: .header)
                == .headers([.init(name: "service", value: service), .init(name: "ticket", value: st.value)]))
    }

    @Test func percentEncoding() {
        #expect(PercentEncoding.encode("a b&c=d/é~._-") == "a%20b%26c%3Dd%2F%C3%A9~._-")
        #expect(PercentEncoding.appending([("k", "v")], to: "https://a.org") == "https://a.org?k=v")
        #expect(PercentEncoding.appending([], to: "https://a.org/#x") == "https://a.org/#x")
    }
}

@Suite struct SingleLogoutTests {
    @Test func logoutRequestIsWellFormedSAML() throws {
        let st = TicketGenerator.generate(.service)
        let message = SingleLogoutMessage(serviceTicket: st, issueInstant: Fixture.date)
        let root = try #require(XMLElement.parse(message.xml))
        #expect(root.localName == "LogoutRequest")
        #expect(root.namespace == "urn:oasis:names:tc:SAML:2.0:protocol")
        #expect(root.attributes["Version"] == "2.0")
        #expect(root.attributes["IssueInstant"] == "2015-11-12T09:30:10Z")
        #expect(root.attributes["ID"] == message.id)
        #expect(message.id.hasPrefix("LR-") && message.id.count == 35)
        let nameID = try #require(root.child("NameID"))
        #expect(nameID.namespace == "urn:oasis:names:tc:SAML:2.0:assertion")
        #expect(nameID.text == "@NOT_USED@")
        let index = try #require(root.child("SessionIndex"))
        #expect(index.namespace == "urn:oasis:names:tc:SAML:2.0:protocol")
        #expect(index.text == st.value)
        #expect(SingleLogoutMessage(serviceTicket: st, issueInstant: Fixture.date).id != message.id)
    }

    @Test func formBodyDecodesToTheDocument() throws {
        let message = SingleLogoutMessage(serviceTicket: TicketGenerator.generate(.service),
                                          issueInstant: Fixture.date, id: "LR-fixed")
        #expect(message.formBody.hasPrefix("logoutRequest=%3Csamlp%3ALogoutRequest%20"))
        #expect(!message.formBody.dropFirst("logoutRequest=".count).contains { "<>\"&=+ ".contains($0) })
        var components = URLComponents()
        components.percentEncodedQuery = message.formBody
        #expect(components.queryItems?.count == 1)
        #expect(components.queryItems?.first?.name == "logoutRequest")
        #expect(components.queryItems?.first?.value == message.xml)
        #expect(SingleLogoutMessage.contentType == "application/x-www-form-urlencoded")
    }

    @Test func logoutTargets() {
        let wants = RegisteredService(id: "a", name: "A", match: .prefix("https://a.org/"), profile: "p",
                                      logoutURL: "https://a.org/slo", singleLogout: true)
        #expect(wants.singleLogoutTarget(serviceURL: "https://a.org/app") == "https://a.org/slo")
        var noURL = wants
        noURL.logoutURL = nil
        #expect(noURL.singleLogoutTarget(serviceURL: "https://a.org/app") == "https://a.org/app")
        noURL.singleLogout = false
        #expect(noURL.singleLogoutTarget(serviceURL: "https://a.org/app") == nil)
    }
}
