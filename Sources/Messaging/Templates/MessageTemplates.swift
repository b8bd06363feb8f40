import Foundation

/// The French wording of every message Sesame sends. SMS templates return
/// the text; e-mail templates return subject, text and HTML.
public struct MessageTemplates: Sendable {
    /// Shown to people in every message.
    public var productName: String

    public init(productName: String = "Sesame") {
        self.productName = productName
    }

    // MARK: SMS

    /// Code sent to confirm a mobile number at activation or registration.
    public func confirmationCodeSMS(code: String, validityMinutes: Int = 30) -> String {
        "\(productName) : votre code de confirmation est \(code). Il est valable \(validityMinutes) minutes."
    }

    public func passwordResetCodeSMS(code: String, validityMinutes: Int = 30) -> String {
        "\(productName) : votre code pour réinitialiser votre mot de passe est \(code). "
            + "Il est valable \(validityMinutes) minutes. Ne le communiquez à personne."
    }

    public func lostIdentifierSMS(identifier: String) -> String {
        "\(productName) : votre identifiant est \(identifier)."
    }

    // MARK: E-mail

    public func lostIdentifierEmail(displayName: String?, identifier: String, loginURL: URL) -> EmailContent {
        EmailDocument(subject: "\(productName) : votre identifiant", paragraphs: [
            greeting(displayName),
            [.text("Vous avez demandé à retrouver votre identifiant \(productName). Le voici :")],
            [.strong(identifier)],
            [.text("Pour vous connecter, rendez-vous sur "), .link(loginURL), .text(".")],
            notRequested(),
        ] + signature()).render()
    }

    public func passwordResetLinkEmail(displayName: String?, link: URL, validityMinutes: Int = 60) -> EmailContent {
        EmailDocument(subject: "\(productName) : réinitialisation de votre mot de passe", paragraphs: [
            greeting(displayName),
            [.text("Pour choisir un nouveau mot de passe, ouvrez le lien suivant :")],
            [.link(link)],
            [.text("Ce lien est valable \(validityMinutes) minutes et ne peut servir qu’une fois.")],
            notRequested(),
        ] + signature()).render()
    }

    public func emailValidationLinkEmail(displayName: String?, link: URL, validityHours: Int = 24) -> EmailContent {
        EmailDocument(subject: "\(productName) : confirmez votre adresse électronique", paragraphs: [
            greeting(displayName),
            [.text("Pour confirmer que cette adresse électronique est bien la vôtre, ouvrez le lien suivant :")],
            [.link(link)],
            [.text("Ce lien est valable \(validityHours) heures.")],
            notRequested(),
        ] + signature()).render()
    }

    /// First credentials handed out by the school: the password is
    /// provisional and must be changed at the first sign-in.
    public func provisionalCredentialsEmail(displayName: String?, identifier: String, provisionalPassword: String,
                                            loginURL: URL, validityMonths: Int = 3) -> EmailContent {
        EmailDocument(subject: "\(productName) : vos identifiants de connexion", paragraphs: [
            greeting(displayName),
            [.text("Votre compte \(productName) a été créé. Voici vos identifiants de connexion :")],
            [.text("Identifiant : "), .strong(identifier)],
            [.text("Mot de passe provisoire : "), .strong(provisionalPassword)],
            [.text("Ce mot de passe provisoire est valable \(validityMonths) mois. "
                   + "Vous devrez choisir un nouveau mot de passe lors de votre première connexion sur "),
             .link(loginURL), .text(".")],
            [.text("Ne communiquez jamais votre mot de passe, même à un membre de l’établissement.")],
        ] + signature()).render()
    }

    // MARK: Shared pieces

    private func greeting(_ displayName: String?) -> [EmailDocument.Segment] {
        guard let name = displayName?.trimmingSpaces(), !name.isEmpty else { return [.text("Bonjour,")] }
        return [.text("Bonjour \(name),")]
    }

    private func notRequested() -> [EmailDocument.Segment] {
        [.text("Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message.")]
    }

    private func signature() -> [[EmailDocument.Segment]] {
        [[.text("L’équipe \(productName)")],
         [.text("Ce message a été envoyé automatiquement, merci de ne pas y répondre.")]]
    }
}
