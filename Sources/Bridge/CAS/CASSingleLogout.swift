import AsyncHTTPClient
import CAS
import Foundation
import Logging
import NIOCore

/// Back-channel logout to each CAS service of an ending session that asked
/// for it, all at once, each bounded in time.
struct CASSingleLogout: Sendable {
    let registry: ServiceRegistry

    func notify(_ used: [(service: String, ticket: String)], logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            for (serviceURL, ticketValue) in used {
                guard let service = registry.service(for: serviceURL), service.singleLogout,
                      let destination = service.singleLogoutTarget(serviceURL: serviceURL),
                      let ticket = try? Ticket.parse(ticketValue, as: .service) else { continue }
                group.addTask {
                    var call = HTTPClientRequest(url: destination)
                    call.method = .POST
                    call.headers.add(name: "content-type", value: SingleLogoutMessage.contentType)
                    call.body = .bytes(ByteBuffer(string: SingleLogoutMessage(serviceTicket: ticket, issueInstant: Date()).formBody))
                    do { _ = try await OutboundHTTP.client.execute(call, timeout: .seconds(3)) } catch {
                        logger.info("CAS single logout to \(service.id) failed: \(error)")
                    }
                }
            }
        }
    }
}
