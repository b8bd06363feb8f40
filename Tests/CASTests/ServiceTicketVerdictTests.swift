import Foundation
import Testing
@testable import CAS

/// The one function that decides a validation once the ticket is redeemed,
/// each refusal named after what it stops.
@Suite struct ServiceTicketVerdictTests {
    let st = TicketGenerator.generate(.service)
    let holder = TicketHolder(user: "lea.martin", isEnabled: true)

    func registry(proxyCallbacks: [MatchRule] = []) throws -> ServiceRegistry {
        try ServiceRegistry(services: [RegisteredService(id: "ent", name: "ENT", match: .prefix("https://a.org/"), profile: "ent",
                                                         proxyCallbacks: proxyCallbacks)])
    }

    func request(service: String = "https://a.org/app", pgtUrl: String? = nil) throws -> CASValidationRequest {
        var params: [String: [String]] = ["service": [service], "ticket": [st.value]]
        if let pgtUrl { params["pgtUrl"] = [pgtUrl] }
        return try CASValidationRequest.parse(params, endpoint: .serviceValidate)
    }

    func issued(service: String = "https://a.org/app", expiresIn seconds: TimeInterval = 10) -> IssuedTicket {
        IssuedTicket(ticket: st, service: service, issuedAt: Fixture.date, expiresAt: Fixture.date + seconds, fromNewLogin: false)
    }

    func failure(_ verdict: ServiceTicketVerdict) -> CASFailureCode? {
        if case .refused(let failure) = verdict { return failure.code }
        return nil
    }

    @Test func aLiveTicketForItsServiceNamesItsHolder() throws {
        let verdict = try request().verdict(on: issued(), holder: holder, registry: try registry(), now: Fixture.date + 1)
        guard case .accepted(let service, let user, let callback) = verdict else { Issue.record("refused: \(verdict)"); return }
        #expect(service.id == "ent" && user == "lea.martin" && callback == nil)
    }

    /// Threat: a ticket already validated (or never issued) is presented again.
    @Test func aTicketStorageDidNotHoldIsNotRecognized() throws {
        #expect(failure(try request().verdict(on: nil, holder: nil, registry: try registry(), now: Fixture.date)) == .invalidTicket)
    }

    /// Threat: a ticket captured in a log is replayed after its lifetime;
    /// storage hands it back, the expiry fixed at issue refuses it.
    @Test func aTicketPastItsExpiryIsRefusedAtTheInstant() throws {
        let registry = try registry()
        #expect(failure(try request().verdict(on: issued(), holder: holder, registry: registry, now: Fixture.date + 9.999)) == nil)
        #expect(failure(try request().verdict(on: issued(), holder: holder, registry: registry, now: Fixture.date + 10)) == .invalidTicket)
    }

    /// Threat: a ticket issued for one service is validated by another.
    @Test func aTicketForAnotherServiceIsInvalidService() throws {
        let verdict = try request(service: "https://a.org/other").verdict(on: issued(), holder: holder, registry: try registry(), now: Fixture.date)
        #expect(failure(verdict) == .invalidService)
    }

    /// Threat: a service removed from the registry still validates tickets it holds.
    @Test func aServiceNoLongerRegisteredIsRefused() throws {
        let verdict = try request(service: "https://b.org/app").verdict(on: issued(service: "https://b.org/app"), holder: holder,
                                                                        registry: try registry(), now: Fixture.date)
        #expect(failure(verdict) == .invalidService)
    }

    /// Threat: a disabled account's ticket, issued just before, still opens the service.
    @Test func aDisabledHoldersTicketIsNotRecognized() throws {
        let disabled = TicketHolder(user: "lea.martin", isEnabled: false)
        #expect(failure(try request().verdict(on: issued(), holder: disabled, registry: try registry(), now: Fixture.date)) == .invalidTicket)
    }

    /// Threat: a service without proxy rights asks for a proxy-granting ticket.
    @Test func aProxyCallbackOutsideTheServicesRulesIsRefused() throws {
        let asked = try request(pgtUrl: "https://a.org/cb")
        #expect(failure(asked.verdict(on: issued(), holder: holder, registry: try registry(), now: Fixture.date)) == .unauthorizedServiceProxy)
        let allowed = try registry(proxyCallbacks: [.exact("https://a.org/cb")])
        guard case .accepted(_, _, let callback) = asked.verdict(on: issued(), holder: holder, registry: allowed, now: Fixture.date) else {
            Issue.record("refused an allowed callback"); return
        }
        #expect(callback == "https://a.org/cb")
    }
}
