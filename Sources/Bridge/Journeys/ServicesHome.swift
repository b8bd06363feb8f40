import Accounts
import Foundation
import Hummingbird
import Primitives

/// "Mes services" (/compte): where every login and recovery without a
/// service to go back to ends. Each establishment's ENT as a button, the
/// establishment this session is in and how to change it, the identifier
/// to note, and the account's own settings.
struct ServicesHome: Sendable {
    let flow: SelfService
    /// Profiles, the choices made, the guardian records (for the school's mobile).
    typealias Store = DirectoryStore & EstablishmentChoiceStore & SelfServiceStore & AuditTrail
    let store: any Store
    let portals: PortalDirectory

    func register(on router: Router<SesameContext>) {
        router.get("/compte") { request, _ in try await show(request) }
        router.post("/compte/identifiant") { request, context in try await sendIdentifier(request, context: context) }
    }

    func show(_ request: Request) async throws -> Response {
        guard let current = try await flow.sessions.current(request),
              let profile = try await store.profile(ofAccount: current.account.id) else {
            return .redirect(to: "/login?next=%2Fcompte", type: .normal)
        }
        let account = profile.account
        let sessionChoices = try await store.choices(scope: .session(key: current.token.storageKey))
        let remembered = try await store.choices(scope: .account(id: account.id))
        var values: [String: Any] = [
            "identifier": account.identifier, "firstName": account.firstName, "familyName": account.familyName,
            "role": account.role.label, "state": account.state.label, "isGuardian": account.role == .guardian,
        ]
        values.merge(establishmentValues(profile, inSession: sessionChoices)) { $1 }
        if let last = account.lastLoginAt { values["lastLogin"] = FrenchDate.dateTime(last) }
        let rememberedRows = remembered.map { choice -> [String: Any] in
            let school = profile.establishments.first { $0.uai.value == choice.uai }
            return ["service": choice.service, "serviceName": choice.serviceName, "establishment": school?.name ?? choice.uai]
        }
        values["remembered"] = rememberedRows
        values["hasRemembered"] = !rememberedRows.isEmpty
        if let email = account.email { values["email"] = email + (account.emailValidated ? "" : " (à confirmer : ouvrez le lien reçu)") }
        if let mobile = account.mobile { values["mobile"] = mobile }
        values["franceConnectLinked"] = account.franceConnectSubject != nil
        if let channel = try await identifierChannel(account) { values["sendIdentifier"] = channel.label }
        let query = request.uri.queryParameters
        values["notice"] = Self.notices[query["modifie"].map(String.init) ?? ""]
            ?? (query["bienvenue"] != nil ? "Votre compte est activé. Bienvenue !" : nil)
            ?? (query["choix"] != nil ? "Votre choix a été oublié : l'établissement vous sera demandé à la prochaine connexion à ce service." : nil)
            ?? (query["envoye"] != nil ? "Votre identifiant vient de vous être envoyé." : nil)
        return flow.render("account", title: "Mes services", values, request: request)
    }

    /// Each establishment with its children and its ENT, and "Vous êtes
    /// dans : …" for each service this session entered with a choice.
    func establishmentValues(_ profile: AccountProfile, inSession choices: [EstablishmentChoice]) -> [String: Any] {
        let childrenBySchool = Dictionary(grouping: profile.children, by: \.establishment.uai).mapValues { $0.map(\.pupil) }
        // École first, then collège, then lycée, as on the choice page.
        let rows = ServiceAudience(key: "", name: "", served: []).candidates(in: profile).map { school -> [String: Any] in
            let children = childrenBySchool[school.uai] ?? []
            var row: [String: Any] = ["name": school.name, "city": school.city, "uai": school.uai.value,
                                      "children": children.map { ["firstName": $0.firstName, "familyName": $0.familyName, "division": $0.division ?? ""] },
                                      "hasChildren": !children.isEmpty,
                                      "childrenNames": ChoiceRoutes.frenchList(children.map(\.firstName)),
                                      "childrenLabel": children.count > 1 ? "Enfants" : "Enfant"]
            if let entry = portals[school.uai.value] { row["ent"] = entry.name ?? "ENT de l'établissement" }
            return row
        }
        let current = choices.compactMap { choice -> [String: Any]? in
            guard let school = profile.establishments.first(where: { $0.uai.value == choice.uai }) else { return nil }
            return ["serviceName": choice.serviceName, "name": school.name, "children": ChoiceRoutes.frenchList((childrenBySchool[school.uai] ?? []).map(\.firstName)),
                    "canChange": profile.establishments.count > 1]
        }
        return ["establishments": rows, "hasEstablishments": !rows.isEmpty, "inSession": current]
    }

    // MARK: "M'envoyer mon identifiant"

    enum IdentifierChannel {
        case sms(MobileNumber), email(String)
        var label: String {
            switch self {
            case .sms: "M'envoyer mon identifiant par SMS"
            case .email: "M'envoyer mon identifiant par courriel"
            }
        }
    }

    /// Only the account's own ways: a confirmed address, else a guardian's
    /// mobile (theirs or the school's); never what the form could carry.
    func identifierChannel(_ account: Account) async throws -> IdentifierChannel? {
        if let email = account.email, account.emailValidated { return .email(email) }
        if account.role == .guardian, let mobile = try await flow.reachableMobile(of: account) { return .sms(mobile) }
        return nil
    }

    func sendIdentifier(_ request: Request, context: SesameContext) async throws -> Response {
        _ = try await flow.csrf.checkedForm(request, context: context, audit: store)
        return try await flow.signedIn(request) { current in
            let account = current.account
            guard let channel = try await identifierChannel(account) else { return SelfService.seeOther("/compte") }
            switch channel {
            case .sms(let mobile):
                try await flow.deliveries.allow(recipient: "sms:" + mobile.key, ip: context.clientAddress)
                try await flow.deliveries.sms(flow.deliveries.templates.lostIdentifierSMS(identifier: account.identifier), to: mobile, logger: context.logger)
            case .email(let address):
                try await flow.deliveries.allow(recipient: "mail:" + address.lowercased(), ip: context.clientAddress)
                try await flow.emailIdentifier(of: account, to: address, logger: context.logger)
            }
            try await store.record(AuditEvent(kind: .identifierSent, actor: account.identifier, subject: account.identifier, ip: context.clientAddress,
                                              detail: { if case .sms = channel { "sms" } else { "email" } }()))
            return SelfService.seeOther("/compte?envoye=1")
        }
    }
}

extension ServicesHome {
    static let notices = [
        "mot-de-passe": "Votre mot de passe a été modifié.",
        "franceconnect": "Votre compte n'est plus lié à FranceConnect.",
        "franceconnect-lie": "Votre compte est maintenant lié à FranceConnect : la prochaine fois, un clic sur « S'identifier avec FranceConnect » suffit.",
        "enfants": "Votre compte regroupe désormais ces enfants.",
        "mobile": "Votre numéro de téléphone portable a été enregistré. Pensez à le signaler aussi à l'établissement.",
    ]
}
