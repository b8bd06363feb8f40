import Foundation
import Testing
@testable import CAS

@Suite struct ValidationCheckTests {
    let st = TicketGenerator.generate(.service)

    func request(_ endpoint: CASEndpoint = .serviceValidate, renew: Bool = false,
                 service: String = "https://a.org/app") throws -> CASValidationRequest {
        var params: [String: [String]] = ["service": [service], "ticket": [st.value]]
        if renew { params["renew"] = ["true"] }
        return try CASValidationRequest.parse(params, endpoint: endpoint)
    }

    func issued(_ ticket: Ticket? = nil, service: String = "https://a.org/app", fresh: Bool = true,
                lifetimes: TicketLifetimes = .default) -> IssuedTicket {
        IssuedTicket(ticket: ticket ?? st, service: service, issuedAt: Fixture.date, fromNewLogin: fresh, lifetimes: lifetimes)
    }

    @Test func validTicketPasses() throws {
        #expect(try request().check(issued(), now: Fixture.date.addingTimeInterval(5)) == nil)
        #expect(try request(service: "HTTPS://A.ORG/app").check(issued(), now: Fixture.date) == nil)
    }

    @Test func expiredTicketIsInvalid() throws {
        let failure = try request().check(issued(), now: Fixture.date.addingTimeInterval(10))
        #expect(failure?.code == .invalidTicket)
        let longer = TicketLifetimes(serviceTicket: .seconds(60))
        #expect(try request().check(issued(lifetimes: longer), now: Fixture.date.addingTimeInterval(30)) == nil)
    }

    @Test func otherServiceIsInvalidService() throws {
        #expect(try request(service: "https://a.org/app2").check(issued(), now: Fixture.date)?.code == .invalidService)
        #expect(try request(service: "https://a.org/App").check(issued(), now: Fixture.date)?.code == .invalidService)
    }

    @Test func renewNeedsAFreshLogin() throws {
        #expect(try request(renew: true).check(issued(fresh: false), now: Fixture.date)?.code == .invalidTicket)
        #expect(try request(renew: true).check(issued(fresh: true), now: Fixture.date) == nil)
        #expect(try request(renew: false).check(issued(fresh: false), now: Fixture.date) == nil)
    }

    @Test func proxyTicketOnServiceValidateFails() throws {
        let pt = TicketGenerator.generate(.proxy)
        #expect(try request().check(issued(pt), now: Fixture.date)?.code == .invalidTicket)
        #expect(try request(.proxyValidate).check(issued(pt), now: Fixture.date) == nil)
    }
}
