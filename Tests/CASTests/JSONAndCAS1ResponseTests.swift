import Foundation
import Testing
@testable import CAS

@Suite struct JSONResponseTests {
    func parse(_ body: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test func successShapeMatchesTheSpec() throws {
        let iou = TicketGenerator.generate(.proxyGrantingIOU)
        let success = CASAuthenticationSuccess(
            user: "a&<b>\"'/", proxyGrantingTicketIOU: iou, proxies: ["https://p2/cb?x=1&y=<", "https://p1/cb"],
            authenticationDate: Fixture.date, isFromNewLogin: true,
            attributes: [CASAttribute("mail", "m@x"), CASAttribute("groups", "a", "<b>"), CASAttribute("a b", "x")])
        let body = CASEndpoint.p3ProxyValidate.response(for: .success(success), format: .json)
        #expect(body.contentType.hasPrefix("application/json"))
        let root = try parse(body.body)
        #expect(Array(root.keys) == ["serviceResponse"])
        let response = try #require(root["serviceResponse"] as? [String: Any])
        let ok = try #require(response["authenticationSuccess"] as? [String: Any])
        #expect(Set(ok.keys) == ["user", "proxyGrantingTicket", "proxies", "attributes"])
        #expect(ok["user"] as? String == "a&<b>\"'/")
        #expect(ok["proxyGrantingTicket"] as? String == iou.value)
        #expect(ok["proxies"] as? [String] == ["https://p2/cb?x=1&y=<", "https://p1/cb"])
        let attributes = try #require(ok["attributes"] as? [String: Any])
        #expect(Set(attributes.keys) == ["authenticationDate", "longTermAuthenticationRequestTokenUsed",
                                         "isFromNewLogin", "mail", "groups"])
        #expect(attributes["groups"] as? [String] == ["a", "<b>"])
        #expect(attributes["mail"] as? [String] == ["m@x"])
        #expect(attributes["authenticationDate"] as? [String] == ["2015-11-12T09:30:10Z"])
        #expect(attributes["isFromNewLogin"] as? [Bool] == [true])
        #expect(attributes["longTermAuthenticationRequestTokenUsed"] as? [Bool] == [false])
    }

    @Test func outputIsDeterministic() {
        let success = CASAuthenticationSuccess(user: "u", authenticationDate: Fixture.date, isFromNewLogin: true,
                                               attributes: (0..<20).map { CASAttribute("a\($0)", "v") })
        let first = CASEndpoint.p3ServiceValidate.response(for: .success(success), format: .json).body
        for _ in 0..<5 {
            #expect(CASEndpoint.p3ServiceValidate.response(for: .success(success), format: .json).body == first)
        }
        let minimal = CASAuthenticationSuccess(user: "u", authenticationDate: Fixture.date, isFromNewLogin: true)
        #expect(CASEndpoint.serviceValidate.response(for: .success(minimal), format: .json).body
                == #"{"serviceResponse":{"authenticationSuccess":{"user":"u"}}}"#)
    }

    @Test func cas2JSONHasNoAttributes() throws {
        let success = CASAuthenticationSuccess(user: "u", authenticationDate: Fixture.date, isFromNewLogin: true,
                                               attributes: [CASAttribute("mail", "m")])
        let ok = try #require((try parse(CASEndpoint.serviceValidate.response(for: .success(success),
                                                                             format: .json).body)["serviceResponse"]
                               as? [String: Any])?["authenticationSuccess"] as? [String: Any])
        #expect(Set(ok.keys) == ["user"])
    }

    @Test func failureShapeMatchesTheSpec() throws {
        let body = CASEndpoint.p3ServiceValidate.response(
            for: .failure(CASFailure(code: .invalidService, message: "bad \"service\" <x>")), format: .json).body
        #expect(body == #"{"serviceResponse":{"authenticationFailure":{"code":"INVALID_SERVICE","description":"bad \"service\" <x>"}}}"#)
        let failure = try #require((try parse(body)["serviceResponse"] as? [String: Any])?["authenticationFailure"]
                                   as? [String: String])
        #expect(failure == ["code": "INVALID_SERVICE", "description": "bad \"service\" <x>"])
    }
}

@Suite struct CAS1ResponseTests {
    @Test func yesAndNo() {
        let success = CASAuthenticationSuccess(user: "jdupont", authenticationDate: Fixture.date, isFromNewLogin: true,
                                               attributes: [CASAttribute("mail", "m")])
        let yes = CASEndpoint.validate.response(for: .success(success), format: .json)
        #expect(yes.body == "yes\njdupont\n")
        #expect(yes.contentType.hasPrefix("text/plain"))
        #expect(CASEndpoint.validate.response(for: .failure(.ticketNotRecognized("x"))).body == "no\n\n")
    }

    @Test func userThatWouldBreakTheFramingIsRefused() {
        for user in ["a\nyes", "a\r", "", "a\0"] {
            let success = CASAuthenticationSuccess(user: user, authenticationDate: Fixture.date, isFromNewLogin: true)
            #expect(CAS1Response.body(.success(success)) == "no\n\n")
        }
        let odd = CASAuthenticationSuccess(user: "a<&>b", authenticationDate: Fixture.date, isFromNewLogin: true)
        #expect(CAS1Response.body(.success(odd)) == "yes\na<&>b\n")
    }
}
