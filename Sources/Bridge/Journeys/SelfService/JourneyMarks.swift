import Foundation

/// "Étape 2 sur 4" above a self-service page, and the way out of it that
/// keeps the service the person was going to.
enum JourneyMarks {
    /// Where "Annuler" leads: the login page (of the service, when there is
    /// one) for a public journey, the account page for a signed-in change.
    enum Home { case login, account }

    static func values(step: Int? = nil, of total: Int? = nil, next: String?, home: Home = .login) -> [String: Any] {
        let cancel: [String: String] = switch home {
        case .login: ["href": LocalPath.keeping(next, on: "/login"), "label": "Annuler et revenir à la connexion"]
        case .account: ["href": "/compte", "label": "Annuler et revenir à mes services"]
        }
        var values: [String: Any] = ["cancel": cancel]
        if let next = LocalPath.validated(next) { values["logo"] = next }
        if let step, let total, total > 1 { values["step"] = ["number": step, "total": total] }
        return values
    }

    /// The numbering of the journeys that have several pages.
    enum Journey {
        /// Names and mobile, code, children, password.
        case registration
        /// FranceConnect's first login: mobile, code, children.
        case franceConnectFirst
        /// Identifier, code, password.
        case recovery
        /// The letter's provisional password at /login, then the new one.
        case letter
        var total: Int { switch self { case .registration: 4; case .franceConnectFirst, .recovery: 3; case .letter: 2 } }
    }

    static func values(_ journey: Journey, step: Int, next: String?) -> [String: Any] {
        values(step: step, of: journey.total, next: next)
    }
}
