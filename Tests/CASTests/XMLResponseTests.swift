import Foundation
import Testing
@testable import CAS

@Suite struct XMLResponseTests {
    static let nasty = "a&b<c>d\"e'f"
    let iou = TicketGenerator.generate(.proxyGrantingIOU)

    func success(attributes: [CASAttribute] = []) -> CASAuthenticationSuccess {
        CASAuthenticationSuccess(user: Self.nasty, proxyGrantingTicketIOU: iou,
                                 proxies: ["https://p2.org/cb?a=1&b=<2>", "https://p1.org/cb"],
                                 authenticationDate: Fixture.date,
                                 longTermAuthenticationRequestTokenUsed: true, isFromNewLogin: false,
                                 attributes: attributes)
    }

    @Test func cas2SuccessIsByteExact() {
        let body = CASEndpoint.serviceValidate.response(
            for: .success(CASAuthenticationSuccess(user: "jdupont", proxyGrantingTicketIOU: iou,
                                                   authenticationDate: Fixture.date, isFromNewLogin: true,
                                                   attributes: [CASAttribute("mail", "x@y.fr")]))).body
        #expect(body == """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationSuccess>
            <cas:user>jdupont</cas:user>
            <cas:proxyGrantingTicket>\(iou.value)</cas:proxyGrantingTicket>
          </cas:authenticationSuccess>
        </cas:serviceResponse>

        """)
    }

    @Test func cas3SuccessIsByteExact() {
        let body = CASEndpoint.p3ServiceValidate.response(
            for: .success(CASAuthenticationSuccess(user: "jdupont", authenticationDate: Fixture.date,
                                                   isFromNewLogin: true,
                                                   attributes: [CASAttribute("groups", "a", "b")]))).body
        #expect(body == """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationSuccess>
            <cas:user>jdupont</cas:user>
            <cas:attributes>
              <cas:authenticationDate>2015-11-12T09:30:10Z</cas:authenticationDate>
              <cas:longTermAuthenticationRequestTokenUsed>false</cas:longTermAuthenticationRequestTokenUsed>
              <cas:isFromNewLogin>true</cas:isFromNewLogin>
              <cas:groups>a</cas:groups>
              <cas:groups>b</cas:groups>
            </cas:attributes>
          </cas:authenticationSuccess>
        </cas:serviceResponse>

        """)
    }

    @Test func failureIsByteExactAndEscaped() {
        let response = CASEndpoint.proxyValidate.response(for: .failure(.ticketNotRecognized("PT-<&>")))
        #expect(response.body == """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:authenticationFailure code="INVALID_TICKET">Ticket PT-&lt;&amp;&gt; not recognized</cas:authenticationFailure>
        </cas:serviceResponse>

        """)
        #expect(response.contentType.hasPrefix("application/xml"))
    }

    @Test func cas3SuccessParsesBackWithEscapedValuesInOrder() throws {
        let attributes = [CASAttribute("mail", "x@y.fr"), CASAttribute("groups", "a&b", "<c>", "d\"'e"),
                          CASAttribute("bad name", "x"), CASAttribute("cas:evil", "x"),
                          CASAttribute("isFromNewLogin", "true"), CASAttribute("1st", "x"),
                          CASAttribute("élève", "oui"), CASAttribute("ctl", "a\u{1}b\r\nc")]
        let body = CASEndpoint.p3ProxyValidate.response(for: .success(success(attributes: attributes))).body
        #expect(body.contains("<cas:user>a&amp;b&lt;c&gt;d&quot;e&apos;f</cas:user>"))
        #expect(body.contains("<cas:proxy>https://p2.org/cb?a=1&amp;b=&lt;2&gt;</cas:proxy>"))
        #expect(!body.contains("bad name") && !body.contains("cas:evil") && !body.contains("1st"))
        let root = try #require(XMLElement.parse(body))
        #expect(root.localName == "serviceResponse" && root.namespace == casNamespace)
        #expect(root.qualifiedName == "cas:serviceResponse")
        let ok = try #require(root.child("authenticationSuccess"))
        #expect(ok.namespace == casNamespace)
        #expect(ok.children.map(\.localName) == ["user", "attributes", "proxyGrantingTicket", "proxies"])
        #expect(ok.child("user")?.text == Self.nasty)
        #expect(ok.child("proxyGrantingTicket")?.text == iou.value)
        #expect(ok.child("proxies")?.all("proxy").map(\.text) == ["https://p2.org/cb?a=1&b=<2>", "https://p1.org/cb"])
        let attrs = try #require(ok.child("attributes"))
        #expect(attrs.children.map(\.localName) == [
            "authenticationDate", "longTermAuthenticationRequestTokenUsed", "isFromNewLogin",
            "mail", "groups", "groups", "groups", "élève", "ctl",
        ])
        #expect(attrs.children.allSatisfy { $0.namespace == casNamespace })
        #expect(attrs.child("authenticationDate")?.text == "2015-11-12T09:30:10Z")
        #expect(attrs.child("longTermAuthenticationRequestTokenUsed")?.text == "true")
        #expect(attrs.child("isFromNewLogin")?.text == "false")
        #expect(attrs.all("groups").map(\.text) == ["a&b", "<c>", "d\"'e"])
        #expect(attrs.child("ctl")?.text == "a\u{FFFD}b\r\nc")
    }

    @Test func cas2EndpointsNeverCarryAttributes() throws {
        for endpoint in [CASEndpoint.serviceValidate, .proxyValidate] {
            let body = endpoint.response(for: .success(success(attributes: [CASAttribute("mail", "m")]))).body
            let ok = try #require(XMLElement.parse(body)?.child("authenticationSuccess"))
            #expect(ok.child("attributes") == nil)
            #expect(!body.contains("mail"))
        }
    }

    @Test func optionalElementsAreLeftOut() throws {
        let plain = CASAuthenticationSuccess(user: "u", authenticationDate: Fixture.date, isFromNewLogin: true)
        let ok = try #require(XMLElement.parse(
            CASEndpoint.p3ServiceValidate.response(for: .success(plain)).body)?.child("authenticationSuccess"))
        #expect(ok.children.map(\.localName) == ["user", "attributes"])
    }

    @Test(arguments: CASFailureCode.allCases)
    func everyFailureCodeParses(code: CASFailureCode) throws {
        let body = CASEndpoint.p3ServiceValidate.response(
            for: .failure(CASFailure(code: code, message: "<bad> & \"worse\" 'x'"))).body
        let failure = try #require(XMLElement.parse(body)?.child("authenticationFailure"))
        #expect(failure.attributes["code"] == code.rawValue)
        #expect(failure.text == "<bad> & \"worse\" 'x'")
    }

    @Test func proxyResponses() throws {
        let pt = TicketGenerator.generate(.proxy)
        let okBody = CASProxyOutcome.success(proxyTicket: pt).response.body
        #expect(okBody == """
        <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
          <cas:proxySuccess>
            <cas:proxyTicket>\(pt.value)</cas:proxyTicket>
          </cas:proxySuccess>
        </cas:serviceResponse>

        """)
        #expect(XMLElement.parse(okBody)?.child("proxySuccess")?.child("proxyTicket")?.text == pt.value)
        let failBody = CASProxyOutcome.failure(CASProxyFailure(code: .unauthorizedService,
                                                               message: "'pgt' & <targetService>")).response.body
        let failure = try #require(XMLElement.parse(failBody)?.child("proxyFailure"))
        #expect(failure.attributes["code"] == "UNAUTHORIZED_SERVICE")
        #expect(failure.text == "'pgt' & <targetService>")
        #expect(failure.namespace == casNamespace)
    }

    @Test func attributeNameRules() {
        #expect(CASAttribute("givenName", "x").isReleasable)
        #expect(CASAttribute("_x-1.2", "x").isReleasable)
        #expect(CASAttribute("ENTPersonProfils", "x").isReleasable)
        for bad in ["", "1a", "-a", "a b", "a:b", "a<b", "a&b", "authenticationDate", String(repeating: "a", count: 257)] {
            #expect(!CASAttribute(bad, "x").isReleasable, "\(bad)")
        }
    }
}
