import Testing
@testable import CAS

@Suite struct RequestParsingTests {
    let st = TicketGenerator.generate(.service).value

    @Test func loginDefaultsAndFlags() throws {
        let plain = try CASLoginRequest.parse([:])
        #expect(plain == CASLoginRequest(service: nil, renew: false, gateway: false, method: .get))
        let full = try CASLoginRequest.parse(["service": ["https://a.org/"], "gateway": ["true"], "method": ["post"]])
        #expect(full.service == "https://a.org/" && full.gateway && !full.renew && full.method == .post)
        #expect(try CASLoginRequest.parse(["method": ["HEAD"]]).method == .header)
        #expect(try CASLoginRequest.parse(["method": ["HEADER"]]).method == .header)
        #expect(try CASLoginRequest.parse(["renew": [""]]).renew)
        #expect(try CASLoginRequest.parse(["renew": ["1"]]).renew)
        #expect(try !CASLoginRequest.parse(["renew": ["false"]]).renew)
        #expect(try !CASLoginRequest.parse(["gateway": ["FALSE"]]).gateway)
        #expect(try CASLoginRequest.parse(["service": [""]]).service == nil)
    }

    @Test func renewWinsOverGateway() throws {
        let both = try CASLoginRequest.parse(["renew": ["true"], "gateway": ["true"]])
        #expect(both.renew && !both.gateway)
    }

    @Test func loginRefusesRepeatsAndUnknownMethods() {
        #expect(throws: CASRequestError(.repeatedParameter("service"))) {
            try CASLoginRequest.parse(["service": ["https://a.org/", "https://evil.org/"]])
        }
        #expect(throws: CASRequestError(.repeatedParameter("renew"))) {
            try CASLoginRequest.parse(["renew": ["true", "false"]])
        }
        #expect(throws: CASRequestError(.unsupportedMethod("DELETE"))) {
            try CASLoginRequest.parse(["method": ["DELETE"]])
        }
    }

    @Test(arguments: [CASEndpoint.validate, .serviceValidate, .proxyValidate, .p3ServiceValidate, .p3ProxyValidate])
    func validationNeedsServiceAndTicket(endpoint: CASEndpoint) throws {
        let request = try CASValidationRequest.parse(["service": ["https://a.org/"], "ticket": [st],
                                                      "unrelated": ["1", "2"]], endpoint: endpoint)
        #expect(request.service == "https://a.org/" && request.ticket == st)
        #expect(request.format == .xml && !request.renew && request.pgtUrl == nil)
        #expect(try request.validatedTicket().value == st)
        for params: [String: [String]] in [["ticket": [st]], ["service": ["https://a.org/"]],
                                          ["service": [""], "ticket": [st]], [:]] {
            do {
                _ = try CASValidationRequest.parse(params, endpoint: endpoint)
                Issue.record("accepted \(params)")
            } catch {
                #expect(error.failure.code == .invalidRequest)
                guard case .missingParameter = error.reason else {
                    Issue.record("wrong reason \(error.reason)")
                    continue
                }
            }
        }
        #expect(throws: CASRequestError(.repeatedParameter("ticket"))) {
            try CASValidationRequest.parse(["service": ["https://a.org/"], "ticket": [st, st]], endpoint: endpoint)
        }
    }

    @Test func formatPgtUrlAndRenew() throws {
        let request = try CASValidationRequest.parse(
            ["service": ["https://a.org/"], "ticket": [st], "format": ["json"], "renew": ["true"],
             "pgtUrl": ["https://a.org/pgt"]], endpoint: .p3ServiceValidate)
        #expect(request.format == .json && request.renew && request.pgtUrl == "https://a.org/pgt")
        let cas1 = try CASValidationRequest.parse(
            ["service": ["https://a.org/"], "ticket": [st], "format": ["bogus"], "pgtUrl": ["https://a.org/pgt"]],
            endpoint: .validate)
        #expect(cas1.format == .xml && cas1.pgtUrl == nil)
    }

    @Test func unsupportedFormatIsInvalidRequestInXML() {
        do {
            _ = try CASValidationRequest.parse(["service": ["s"], "ticket": [st], "format": ["YAML"]],
                                               endpoint: .serviceValidate)
            Issue.record("accepted YAML")
        } catch {
            #expect(error.reason == .unsupportedFormat("YAML"))
            #expect(error.format == .xml)
            #expect(error.failure.code == .invalidRequest)
        }
    }

    @Test func missingParameterIsAnsweredInTheRequestedFormat() {
        do {
            _ = try CASValidationRequest.parse(["service": ["s"], "format": ["JSON"]], endpoint: .p3ServiceValidate)
            Issue.record("accepted")
        } catch {
            #expect(error.format == .json)
            #expect(error.reason == .missingParameter("ticket"))
        }
    }

    @Test func ticketKindIsCheckedPerEndpoint() throws {
        let pt = TicketGenerator.generate(.proxy).value
        let onService = try CASValidationRequest.parse(["service": ["s"], "ticket": [pt]], endpoint: .serviceValidate)
        #expect(throws: TicketFormatError.self) { try onService.validatedTicket() }
        let onProxy = try CASValidationRequest.parse(["service": ["s"], "ticket": [pt]], endpoint: .p3ProxyValidate)
        #expect(try onProxy.validatedTicket().kind == .proxy)
    }

    @Test func renewFlag() throws {
        let ticket = TicketGenerator.generate(.service)
        let renew = try CASValidationRequest.parse(["service": ["s"], "ticket": [ticket.value], "renew": ["true"]],
                                                   endpoint: .serviceValidate)
        #expect(renew.renewFailure(for: ticket, fromNewLogin: true) == nil)
        #expect(renew.renewFailure(for: ticket, fromNewLogin: false)?.code == .invalidTicket)
        let plain = try CASValidationRequest.parse(["service": ["s"], "ticket": [ticket.value]],
                                                   endpoint: .serviceValidate)
        #expect(plain.renewFailure(for: ticket, fromNewLogin: false) == nil)
    }

    @Test func proxyAndLogout() throws {
        let pgt = TicketGenerator.generate(.proxyGranting).value
        let proxy = try CASProxyRequest.parse(["pgt": [pgt], "targetService": ["imap://mail.org"]])
        #expect(proxy.targetService == "imap://mail.org")
        #expect(try proxy.validatedTicket().kind == .proxyGranting)
        #expect(throws: CASRequestError(.missingParameter("targetService"))) {
            try CASProxyRequest.parse(["pgt": [pgt]])
        }
        do {
            _ = try CASProxyRequest.parse(["targetService": ["x"]])
        } catch {
            #expect(error.proxyFailure.code == .invalidRequest)
        }
        #expect(try CASLogoutRequest.parse(["url": ["https://evil.org/"]]).service == nil)
        #expect(try CASLogoutRequest.parse(["service": ["https://a.org/"]]).service == "https://a.org/")
        #expect(throws: CASRequestError.self) { try CASLogoutRequest.parse(["service": ["a", "b"]]) }
    }

    @Test func endpointsByPath() {
        #expect(CASEndpoint(path: "/p3/serviceValidate") == .p3ServiceValidate)
        #expect(CASEndpoint(path: "/serviceValidate/") == nil)
        #expect(CASEndpoint.allCases.filter(\.releasesAttributes) == [.p3ServiceValidate, .p3ProxyValidate])
        #expect(!CASEndpoint.validate.acceptsProxyCallback && CASEndpoint.serviceValidate.acceptsProxyCallback)
    }
}
