import Accounts
import Foundation
import Primitives

extension AttributeProfile {
    static func oid(_ n: Int) -> String { "urn:oid:1.3.6.1.4.1.20326.10.999.1.\(n)" }

    /// As EduConnect's identity provider releases them (DESIGN §4).
    public static let educonnect = AttributeProfile(name: "educonnect") { c in
        let primary = c.establishment?.kind.isPrimary ?? c.profile.establishments.first?.kind.isPrimary ?? false
        let affiliation = (c.isPupil ? "eleve" : "resp") + (primary ? "1d" : "2d")
        func attr(_ n: Int, _ friendly: String, _ values: [String]) -> ReleasedAttribute {
            ReleasedAttribute(name: oid(n), friendlyName: friendly, nameFormat: ReleasedAttribute.uriFormat, values: values)
        }
        var list = [
            attr(57, "FrEduCtId", [c.opaqueID]),
            attr(7, "FrEduCtPersonAffiliation", [affiliation]),
            ReleasedAttribute(name: "urn:oid:2.5.4.42", friendlyName: "givenName", nameFormat: ReleasedAttribute.uriFormat, values: [c.account.firstName]),
            ReleasedAttribute(name: "urn:oid:2.5.4.4", friendlyName: "sn", nameFormat: ReleasedAttribute.uriFormat, values: [c.account.familyName]),
            attr(72, "FrEduCtEleveUAI", c.establishment.map { [$0.uai.value] } ?? []),
            attr(6, "FrEduCtDateConnexion", [connectionDate(c.loginTime)]),
        ]
        if let pupil = c.pupil, c.isPupil {
            list.append(attr(73, "FrEduCtEleveNiveau", pupil.division.map { [$0] } ?? []))
            list.append(attr(67, "FrEduCtDateNaissance", pupil.birthDate.map { [$0.iso] } ?? []))
            list.append(attr(64, "FrEduCtEleveINEHash", pupil.ine.map { [ineHash($0)] } ?? []))
        }
        if let logout = c.logoutURL { list.append(attr(5, "FrEduUrlRetour", [logout])) }
        return list
    }

    /// Legacy portals: FrEduVecteur = profile|sn|givenName|eleveId|UAI.
    public static let aten = AttributeProfile(name: "aten") { c in
        let values: [String]
        if c.isPupil {
            let primary = c.establishment?.kind.isPrimary ?? false
            values = [[primary ? "3" : "4", c.account.familyName, c.account.firstName, c.pupil?.siecleID ?? "",
                       c.pupil?.uai.value ?? ""].joined(separator: "|")]
        } else {
            values = c.children.map { child in
                [child.establishment.kind.isPrimary ? "1" : "2", c.account.familyName, c.account.firstName,
                 child.pupil.siecleID, child.establishment.uai.value].joined(separator: "|")
            }
        }
        return [ReleasedAttribute(name: "FrEduVecteur", values: values)]
    }

    /// Plain names for CAS-speaking ENT portals.
    public static let casENT = AttributeProfile(name: "cas-ent") { c in
        [
            ReleasedAttribute(name: "uid", values: [c.account.identifier]),
            ReleasedAttribute(name: "nom", values: [c.account.familyName]),
            ReleasedAttribute(name: "prenom", values: [c.account.firstName]),
            ReleasedAttribute(name: "dateNaissance", values: c.isPupil ? (c.pupil?.birthDate.map { [$0.french] } ?? []) : []),
            ReleasedAttribute(name: "categories", values: [c.isPupil ? "National_1" : "National_2"]),
            ReleasedAttribute(name: "uai", values: c.establishment.map { [$0.uai.value] } ?? []),
            ReleasedAttribute(name: "classe", values: c.isPupil ? (c.pupil?.division.map { [$0] } ?? []) : []),
            ReleasedAttribute(name: "enfants", values: c.isPupil ? [] : c.children.map { "\($0.pupil.firstName) \($0.pupil.familyName)" }),
        ]
    }

    /// Built once: a calendar and its time zone cost more than the
    /// formatting, and every SSO answer formats a date.
    static let parisCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        return calendar
    }()

    /// `YYYY-MM-DD HH:MM:SS.mmm`, Paris time, as EduConnect writes it.
    static func connectionDate(_ date: Date) -> String {
        let p = parisCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!, p.nanosecond! / 1_000_000)
    }

    /// 32 hex characters: the INE is never released in clear.
    static func ineHash(_ ine: String) -> String {
        String(Hex.encode(Digest.sha256(Array(ine.uppercased().utf8))).prefix(32))
    }
}
