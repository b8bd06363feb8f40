import HTTPTypes
import Hummingbird

/// An error a person sees: a status, a French title and message, and a way
/// back. The log message stays apart and may hold details the page must not.
public struct PageError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var message: String
    public var logMessage: String
    public var backURL: String
    public var backLabel: String

    public init(_ status: HTTPResponse.Status, title: String, message: String, log: String,
                backURL: String = "/", backLabel: String = "Retour à l'accueil") {
        self.status = status; self.title = title; self.message = message
        self.logMessage = log; self.backURL = backURL; self.backLabel = backLabel
    }

    public static let notFound = PageError(.notFound, title: "Page introuvable",
        message: "L'adresse demandée n'existe pas. Vérifiez le lien ou revenez à l'accueil.", log: "no route")
    public static let tooLarge = PageError(.contentTooLarge, title: "Envoi trop volumineux",
        message: "Les informations envoyées dépassent la taille autorisée. Réessayez avec moins de contenu.", log: "body over limit")
    public static let badEncoding = PageError(.badRequest, title: "Saisie illisible",
        message: "Les informations envoyées contiennent des caractères non reconnus. Ressaisissez-les et réessayez.", log: "invalid UTF-8 or form encoding")
    public static let fieldTooLong = PageError(.badRequest, title: "Saisie trop longue",
        message: "Un des champs dépasse la longueur autorisée. Vérifiez votre saisie et réessayez.", log: "field over limit",
        backURL: "/login", backLabel: "Retour à la connexion")
    public static let expiredForm = PageError(.forbidden, title: "Formulaire expiré",
        message: "Pour votre sécurité, ce formulaire n'est plus valable. Rechargez la page et recommencez.", log: "CSRF token missing or wrong",
        backURL: "/login", backLabel: "Retour à la connexion")
    public static let methodNotAllowed = PageError(.methodNotAllowed, title: "Action impossible",
        message: "Cette adresse ne permet pas cette action.", log: "method not allowed")
    public static let unavailable = PageError(.serviceUnavailable, title: "Service momentanément indisponible",
        message: "Le service rencontre une difficulté. Réessayez dans quelques minutes.", log: "internal error")
}
