import Accounts
import Foundation
import Primitives

/// A small fictional académie for `sesame serve --demo`: an école, a
/// collège and a lycée, about thirty pupils and their guardians, among them
/// parents with children in two establishments and grouped records.
/// Every name is invented.
public enum DemoAcademy {
    public struct Credential: Codable, Sendable, Equatable {
        public var identifier: String
        public var password: String
        public var role: String
        public var establishments: [String]
        public var note: String
    }

    public static let pupilPassword = "Eleve-Demo-2026"
    public static let guardianPassword = "Parent-Demo-2026"
    /// The demo console account: chef of the collège.
    public static let staffLogin = "chef.college", staffPassword = "Chef-Demo-2026"
    static let settingName = "demo_accounts"

    static func uai(_ digits: String) -> UAI { UAI(digits + String(UAI.checkLetter(forDigits: digits)!))! }

    public static let ecole = Establishment(uai: uai("0861001"), name: "École élémentaire Les Tilleuls", city: "Poitiers", kind: .ecole, academie: "Démonstration")
    public static let college = Establishment(uai: uai("0861002"), name: "Collège Marie Curie", city: "Poitiers", kind: .college, academie: "Démonstration")
    public static let lycee = Establishment(uai: uai("0861003"), name: "Lycée Victor Hugo", city: "Châtellerault", kind: .lycee, academie: "Démonstration")

    struct Child { var first: String; var family: String? = nil; var born: String; var school: Establishment; var division: String }
    struct Parent {
        var civility: String; var first: String; var family: String? = nil; var mobile: String; var email: String?
        /// False for a parent who has not activated yet, to try "Je n'ai pas de compte".
        var activated = true
    }
    struct Family { var name: String; var parents: [Parent]; var children: [Child]; var note: String = "" }

    static let families: [Family] = [
        Family(name: "Dupont", parents: [
            Parent(civility: "Mme", first: "Sophie", mobile: "0612345601", email: "sophie.dupont@example.org"),
            Parent(civility: "M.", first: "Marc", mobile: "0612345602", email: nil),
        ], children: [
            Child(first: "Chloé", born: "2012-03-14", school: college, division: "4A"),
            Child(first: "Hugo", born: "2009-09-02", school: lycee, division: "2NDE1"),
        ], note: "enfants au collège et au lycée"),
        Family(name: "Martin", parents: [
            Parent(civility: "Mme", first: "Nadia", mobile: "0612345603", email: "nadia.martin@example.org"),
        ], children: [
            Child(first: "Léo", born: "2015-05-20", school: ecole, division: "CM2"),
            Child(first: "Inès", born: "2014-01-11", school: college, division: "6B"),
        ], note: "enfants à l'école et au collège"),
        Family(name: "Benali", parents: [
            Parent(civility: "M.", first: "Karim", mobile: "0612345604", email: "karim.benali@example.org"),
        ], children: [
            Child(first: "Yanis", born: "2013-06-30", school: college, division: "5B"),
            Child(first: "Lina", born: "2011-02-17", school: college, division: "3C"),
        ], note: "compte groupé : deux fiches du même parent"),
        Family(name: "N'Diaye", parents: [
            Parent(civility: "Mme", first: "Aminata", mobile: "0612345605", email: nil),
        ], children: [
            Child(first: "Jean-Baptiste", born: "2011-10-05", school: college, division: "3C"),
            Child(first: "Awa", born: "2017-04-22", school: ecole, division: "CE2"),
        ]),
        Family(name: "Moreau", parents: [
            Parent(civility: "Mme", first: "Julie", mobile: "0612345606", email: "julie.moreau@example.org"),
        ], children: [Child(first: "Emma", family: "Moreau-Lambert", born: "2008-12-01", school: lycee, division: "1G2")]),
        Family(name: "Lefèvre", parents: [
            Parent(civility: "M.", first: "Thomas", mobile: "0612345607", email: nil, activated: false),
        ], children: [Child(first: "Zoé", born: "2016-08-09", school: ecole, division: "CM1")]),
    ]

    /// Further single-child families, generated from short name lists.
    static let moreNames: [(family: String, child: String, parent: String, civility: String)] = [
        ("Nguyen", "Lucas", "Minh", "M."), ("Bernard", "Jade", "Claire", "Mme"), ("Petit", "Louis", "Hélène", "Mme"),
        ("Roux", "Manon", "Éric", "M."), ("Fontaine", "Gabriel", "Laure", "Mme"), ("Girard", "Camille", "Paul", "M."),
        ("Lambert", "Rose", "Anne", "Mme"), ("Bonnet", "Arthur", "Luc", "M."), ("François", "Alice", "Marie", "Mme"),
        ("Mercier", "Nathan", "Olivier", "M."), ("Dubois", "Lou", "Céline", "Mme"), ("Faure", "Adam", "Sarah", "Mme"),
        ("André", "Léna", "Pierre", "M."), ("Garnier", "Tom", "Julie", "Mme"), ("Chevalier", "Eva", "Yves", "M."),
        ("Perrin", "Noah", "Agnès", "Mme"), ("Robin", "Mila", "Denis", "M."), ("Clément", "Sacha", "Inès", "Mme"),
        ("Lemaire", "Jules", "Sandrine", "Mme"), ("Morel", "Ambre", "Cédric", "M."),
    ]

    static var allFamilies: [Family] {
        let places: [(Establishment, String)] = [(ecole, "CE2"), (ecole, "CM1"), (college, "6B"), (college, "5B"),
                                                   (college, "4A"), (college, "3C"), (lycee, "2NDE1"), (lycee, "1G2"), (lycee, "TG1")]
        let extra = moreNames.enumerated().map { i, n in
            let (school, division) = places[i % places.count]
            let year = school.kind == .ecole ? 2016 : school.kind == .college ? 2012 : 2008
            return Family(name: n.family, parents: [Parent(civility: n.civility, first: n.parent,
                                                           mobile: String(format: "06123457%02d", i), email: nil)],
                          children: [Child(first: n.child, born: String(format: "%04d-%02d-%02d", year + i % 3, 1 + i % 12, 1 + i % 28),
                                           school: school, division: division)])
        }
        return families + extra
    }

    /// Loads the académie unless the directory already has pupils, and
    /// returns the demo credentials.
    @discardableResult
    public static func seed(into store: any SesameStore, hasher: PasswordHasher) async throws -> [Credential] {
        if try await store.countPupils() > 0 { return try await credentials(in: store) }
        for school in [ecole, college, lycee] { try await store.saveEstablishment(school) }
        // A head of the collège, to try the console.
        _ = try await store.addStaff(StaffMember(login: staffLogin, displayName: "Mme la Principale (démo)", role: .chef,
                                                 establishments: [college.uai], passwordHash: try hasher.hash(staffPassword)))
        var credentials: [Credential] = []
        var sequence = 0
        for family in allFamilies {
            var pupilsBySchool: [UAI: [Pupil]] = [:]
            for child in family.children {
                sequence += 1
                let familyName = child.family ?? family.name
                let account = try await store.createAccount(NewAccount(
                    role: .pupil, state: .active, familyName: familyName, firstName: child.first,
                    passwordHash: try hasher.hash(pupilPassword)))
                let pupil = try await store.insertPupil(Pupil(
                    ine: String(format: "%010dA", 612_000_000 + sequence), siecleID: String(1000 + sequence),
                    familyName: familyName, firstName: child.first, birthDate: CalendarDate(iso: child.born),
                    division: child.division, uai: child.school.uai, accountID: account.id))
                pupilsBySchool[child.school.uai, default: []].append(pupil)
                credentials.append(Credential(identifier: account.identifier, password: pupilPassword, role: "pupil",
                                              establishments: [child.school.uai.value],
                                              note: "\(child.first) \(familyName), \(child.division), né(e) le \(CalendarDate(iso: child.born)?.french ?? child.born)"))
            }
            for (rank, parent) in family.parents.enumerated() {
                let familyName = parent.family ?? family.name
                let account = try await store.createAccount(NewAccount(
                    role: .guardian, state: parent.activated ? .active : .created, familyName: familyName, firstName: parent.first,
                    passwordHash: parent.activated ? try hasher.hash(guardianPassword) : nil, email: parent.email,
                    mobile: parent.activated ? parent.mobile : nil))
                // One SIECLE record per establishment (and, for the grouped
                // family, per child), all grouped under one account.
                let grouped = family.note.hasPrefix("compte groupé")
                for (uai, pupils) in pupilsBySchool.sorted(by: { $0.key < $1.key }) {
                    let recordSets = grouped ? pupils.map { [$0] } : [pupils]
                    for records in recordSets {
                        sequence += 1
                        let guardian = try await store.insertGuardian(Guardian(
                            siecleID: String(5000 + sequence), uai: uai, civility: parent.civility, familyName: familyName,
                            firstName: parent.first, mobile: parent.mobile,
                            email: grouped ? "\(sequence).\(parent.email ?? "")" : parent.email, accountID: account.id))
                        for pupil in records {
                            try await store.link(LegalLink(guardianID: guardian.id, pupilID: pupil.id, rank: rank + 1))
                        }
                    }
                }
                let toActivate = "à activer : « Je n'ai pas de compte », \(familyName) \(parent.first), portable \(MobileNumber(parent.mobile)?.display ?? parent.mobile), date de naissance de l'enfant sur cette page"
                credentials.append(Credential(identifier: account.identifier, password: parent.activated ? guardianPassword : "", role: "guardian",
                                              establishments: pupilsBySchool.keys.sorted().map(\.value),
                                              note: parent.activated ? (rank == 0 ? family.note : "") : toActivate))
            }
        }
        let json = String(decoding: try JSONEncoder().encode(credentials), as: UTF8.self)
        _ = try await store.setting(settingName) { json }
        return credentials
    }

    public static func credentials(in store: any SettingsStore) async throws -> [Credential] {
        let json = try await store.setting(settingName) { "[]" }
        return try JSONDecoder().decode([Credential].self, from: Data(json.utf8))
    }
}
