import Accounts
import Foundation
import Hummingbird
import Primitives

/// Who a service is for: the key its choices are kept under, the name shown
/// to people, and the establishments it serves (empty: all).
struct ServiceAudience: Sendable, Codable, Equatable {
    var key: String
    var name: String
    var served: [String]

    /// The person's establishments this service serves: école first, then
    /// collège, then lycée, each by name.
    func candidates(in profile: AccountProfile) -> [Establishment] {
        let order = Dictionary(uniqueKeysWithValues: EstablishmentKind.allCases.enumerated().map { ($1, $0) })
        return profile.establishments.filter { served.isEmpty || served.contains($0.uai.value) }
            .sorted { (order[$0.kind] ?? 9, $0.name) < (order[$1.kind] ?? 9, $1.name) }
    }
}

/// Decides which establishment a person enters a service with (DESIGN §3.2):
/// a pupil or a guardian with one match never gets a question; otherwise a
/// choice made earlier in this session, then a remembered one, else the
/// choice page.
struct EstablishmentChooser: Sendable {
    /// Choices made earlier, and the parked question.
    typealias Store = EstablishmentChoiceStore & FlowStateStore
    let store: any Store
    /// The question kept while the choice page is open.
    static let parkedQuestions = ParkedFlow<Pending>(kind: "etab-choice", lifetime: 30 * 60)

    enum Decision {
        case enter(Establishment)
        case ask(Response)
    }

    /// What the choice page needs to carry on afterwards.
    struct Pending: Codable, ParkablePayload {
        var audience: ServiceAudience
        /// Local path that resumes the protocol flow once the choice is made.
        var next: String
    }

    func decide(for profile: AccountProfile, session current: BrowserSession.Current, audience: ServiceAudience,
                resumeAt next: () async throws -> String) async throws -> Decision {
        let candidates = audience.candidates(in: profile)
        guard let first = candidates.first else { throw Self.notForYourSchools(audience, pupil: profile.account.role == .pupil) }
        if profile.account.role == .pupil || candidates.count == 1 { return .enter(first) }
        // Picked on the portal just now: that school, never a remembered other
        // one; kept as this session's choice, so the next entry agrees with it.
        if let picked = current.portalChoice, let school = candidates.first(where: { $0.uai.value == picked }) {
            try await store.saveChoice(EstablishmentChoice(service: audience.key, serviceName: audience.name, uai: school.uai.value, chosenAt: Date()),
                                       scope: .session(key: current.token.storageKey))
            return .enter(school)
        }
        if let earlier = try await store.choice(service: audience.key, scopes: Self.scopes(current)),
           let school = candidates.first(where: { $0.uai.value == earlier.uai }) {
            return .enter(school)
        }
        let handle = try await Self.parkedQuestions.park(Pending(audience: audience, next: try await next()), in: store)
        return .ask(.redirect(to: "/etablissement?r=" + handle, type: .normal))
    }

    /// This session's choice first, then the account's remembered one.
    static func scopes(_ current: BrowserSession.Current) -> [EstablishmentChoice.Scope] {
        [.session(key: current.token.storageKey), .account(id: current.account.id)]
    }

    static func notForYourSchools(_ audience: ServiceAudience, pupil: Bool) -> PageError {
        let whose = pupil ? "à votre établissement" : "aux établissements de vos enfants"
        return PageError(.forbidden, title: "Service non disponible",
                  message: "Le service « \(audience.name) » n'est pas ouvert \(whose). Contactez l'établissement si vous pensez qu'il s'agit d'une erreur.",
                  log: "service \(audience.key) serves none of the person's establishments")
    }
}
