import Accounts
import Bridge
import Foundation
import Hummingbird
import Messaging

/// /demo and /demo/accounts.json: only registered in demo mode, so outside
/// it these paths do not exist (404).
struct DemoRoutes: Sendable {
    let pages: Pages
    /// The demo académie's credentials, kept as a setting.
    typealias Store = SettingsStore
    let store: any Store
    let outbox: FileOutbox?

    func register(on router: Router<SesameContext>) {
        router.get("/demo/accounts.json") { _, _ in
            let data = try JSONEncoder.sorted.encode(try await DemoAcademy.credentials(in: store))
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/demo/outbox") { _, _ in
            guard let outbox else { throw PageError.notFound }
            let entries = ((try? outbox.list(limit: 50)) ?? []).map { entry -> [String: Any] in
                let when = FrenchDate.dateTime(entry.storedAt)
                switch entry.message {
                case .sms(let sms): return ["when": when, "kind": "SMS", "to": sms.to, "text": sms.text]
                case .email(let mail): return ["when": when, "kind": "Courriel", "to": mail.to, "subject": mail.subject, "text": mail.text]
                }
            }
            return pages.render("outbox", title: "Messages envoyés (démonstration)", ["entries": entries, "empty": entries.isEmpty])
        }
        router.get("/demo") { _, _ in
            let accounts = try await DemoAcademy.credentials(in: store).map { c -> [String: Any] in
                ["identifier": c.identifier, "password": c.password,
                 "roleLabel": c.role == "pupil" ? "Élève" : "Responsable légal",
                 "establishmentList": c.establishments.joined(separator: ", "), "note": c.note]
            }
            let ents = DemoENT.all.map { ["slug": $0.slug, "name": $0.name] }
            return pages.render("demo", title: "Démonstration", ["accounts": accounts, "ents": ents,
                                                                 "staffLogin": DemoAcademy.staffLogin, "staffPassword": DemoAcademy.staffPassword])
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
