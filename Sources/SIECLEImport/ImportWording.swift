import Accounts
import SIECLE

/// How the import report says things in French: names, departures,
/// blockers, what changed on a record.
enum ImportWording {
    static func name(_ first: String, _ family: String) -> String {
        let text = [first, family].filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? "(sans nom)" : text
    }

    static func leaving(_ pupil: ExportedPupil) -> String {
        guard let date = pupil.leavingDate else { return "sorti" }
        return "sorti le \(date.french)" + (pupil.leavingReason.map { " (motif \($0))" } ?? "")
    }

    static func french(_ blocker: AccountBlocker) -> String {
        switch blocker {
        case .missingIdentifier: "identifiant SIECLE absent"
        case .missingINE: "INE absent"
        case .missingBirthDate: "date de naissance absente"
        case .malformedBirthDate(let value): "date de naissance illisible (« \(value) »)"
        case .missingFirstName: "prénom absent"
        case .missingFamilyName: "nom absent"
        case .duplicateIdentifier: "identifiant en double dans le fichier"
        }
    }

    static func differences(_ old: PupilFields, _ new: PupilFields, accountCreated: Bool) -> String {
        var parts: [String] = []
        if old.familyName != new.familyName { parts.append("nom \(old.familyName) → \(new.familyName)") }
        if old.firstName != new.firstName { parts.append("prénom \(old.firstName) → \(new.firstName)") }
        if old.birthDate != new.birthDate { parts.append("date de naissance") }
        if old.ine != new.ine { parts.append("INE") }
        if old.division != new.division { parts.append("classe \(old.division ?? "aucune") → \(new.division ?? "aucune")") }
        if old.status != new.status { parts.append(new.status == .enrolled ? "de nouveau inscrit" : "sorti") }
        if accountCreated { parts.append("compte attribué") }
        return parts.joined(separator: ", ")
    }

    static func differences(_ old: GuardianFields, _ new: GuardianFields, accountCreated: Bool) -> String {
        var parts: [String] = []
        if old.familyName != new.familyName || old.firstName != new.firstName || old.civility != new.civility { parts.append("nom ou civilité") }
        if old.mobile != new.mobile { parts.append("téléphone portable") }
        if old.email != new.email { parts.append("courriel") }
        if old.acceptsSMS != new.acceptsSMS { parts.append(new.acceptsSMS ? "accepte les SMS" : "refuse les SMS") }
        if accountCreated { parts.append("compte attribué") }
        return parts.joined(separator: ", ")
    }
}
