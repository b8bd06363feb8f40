import CAS
import Foundation
import FuzzDriver
import FuzzSupport
import Primitives
import XMLDSig

/// The query strings of /cas/login, the validation endpoints, /cas/proxy and
/// /cas/logout, read as the CAS routes read them, then the service URL
/// matched against the example registry of metadata/, the ticket checked,
/// the verdict reached and the answer written. Every answer, whatever was
/// sent, must be well-formed XML or JSON.
let registry = try! ServiceRegistry.load(yaml: try! String(
    contentsOf: FuzzFiles.repository.appendingPathComponent("metadata/services.yml"), encoding: .utf8))
let now = FuzzClock.now

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let query = FuzzInput(data, size).text
    // As URI.multiQuery gives them: repeats kept, undecodable pairs dropped.
    var parameters: [String: [String]] = [:]
    for (name, value) in PercentEncoding.rawPairs(query) {
        guard let name = PercentEncoding.decode(name), let value = PercentEncoding.decode(value) else { continue }
        parameters[name, default: []].append(value)
    }
    if let login = try? CASLoginRequest.parse(parameters), let service = login.service, registry.service(for: service) != nil {
        let ticket = try! Ticket.parse("ST-" + String(repeating: "a", count: 32), as: .service)
        _ = LoginRedirect.serviceURL(service, ticket: ticket)
    }
    _ = try? CASLogoutRequest.parse(parameters)
    _ = try? CASProxyRequest.parse(parameters).validatedTicket()
    for endpoint in CASEndpoint.allCases where endpoint.isValidation {
        let outcome: CASValidationOutcome
        var format = CASResponseFormat.xml
        do {
            let request = try CASValidationRequest.parse(parameters, endpoint: endpoint)
            format = request.format
            outcome = answer(request, now: now)
        } catch {
            outcome = .failure(error.failure)
            format = error.format
        }
        let response = endpoint.response(for: outcome, format: format)
        if endpoint != .validate { wellFormed(response, format) }
    }
    return 0
}

/// The verdict as the route reaches it, for a ticket issued to the service
/// the request names (so that every later check runs).
func answer(_ request: CASValidationRequest, now: Date) -> CASValidationOutcome {
    let ticket: Ticket
    do { ticket = try request.validatedTicket() } catch { return .failure(error.failure) }
    let issued = IssuedTicket(ticket: ticket, service: request.service, issuedAt: now.addingTimeInterval(-5), fromNewLogin: true)
    switch request.verdict(on: issued, holder: TicketHolder(user: "p.dupont10", isEnabled: true), registry: registry, now: now) {
    case .refused(let failure): return .failure(failure)
    case .accepted(_, let user, let callback):
        return .success(CASAuthenticationSuccess(user: user, proxies: callback.map { [$0] } ?? [], authenticationDate: now,
                                                 isFromNewLogin: true, attributes: [CASAttribute("service", request.service)]))
    }
}

func wellFormed(_ response: CASResponse, _ format: CASResponseFormat) {
    switch format {
    case .xml:
        Property.check((try? SafeXMLParser.parse(response.body)) != nil, "CAS answer is not well-formed XML: \(response.body)")
    case .json:
        Property.check((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) != nil,
                       "CAS answer is not JSON: \(response.body)")
    }
}

@_cdecl("FuzzCASRequest_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
