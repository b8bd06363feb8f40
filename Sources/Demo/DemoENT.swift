import Accounts
import CAS
import Bridge
import Foundation
import SAML

/// The ENT portals built into demo mode, so a newcomer sees the whole path
/// in a browser: one departmental ENT speaking SAML, one école ENT speaking
/// CAS (both serve every demo establishment) and a regional lycée portal
/// (SAML) that serves the lycée only.
struct DemoENT: Sendable, Equatable {
    enum Speaks: Sendable { case saml, cas }
    let slug: String
    let name: String
    let speaks: Speaks
    let served: [String]

    static let all: [DemoENT] = [
        DemoENT(slug: "ent-departement", name: "ENT du département (démo, SAML)", speaks: .saml, served: []),
        DemoENT(slug: "ent-ecoles", name: "ENT des écoles (démo, CAS)", speaks: .cas, served: []),
        DemoENT(slug: "portail-lycees", name: "Portail des lycées (démo, SAML)", speaks: .saml, served: [DemoAcademy.lycee.uai.value]),
    ]

    /// Which demo ENT each demo establishment's portal entry leads to.
    static let byEstablishment: [(Establishment, String)] = [
        (DemoAcademy.ecole, "ent-ecoles"), (DemoAcademy.college, "ent-departement"), (DemoAcademy.lycee, "portail-lycees"),
    ]

    static func named(_ slug: String) -> DemoENT? { all.first { $0.slug == slug } }

    func home(_ base: String) -> String { base + "/demo/ent/" + slug + "/" }
    func acs(_ base: String) -> String { base + "/demo/ent/" + slug + "/acs" }
    var casID: String { "demo-" + slug }

    /// Demo mode registers the demo ENTs beside whatever is configured.
    static func install(into configuration: BridgeConfiguration) throws -> BridgeConfiguration {
        var c = configuration
        let base = c.publicURL
        for ent in all {
            switch ent.speaks {
            case .saml:
                guard var saml = c.saml else { continue }
                saml.serviceProviders[ent.home(base)] = SPMetadata(
                    entityID: ent.home(base), assertionConsumerServices: [Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: ent.acs(base), index: 0)])
                saml.options[ent.home(base)] = ServiceProviderOptions(name: ent.name, profile: "educonnect", establishments: ent.served)
                c.saml = saml
            case .cas:
                guard c.casServices.service(withID: ent.casID) == nil else { continue }
                c.casServices = try c.casServices.adding(RegisteredService(
                    id: ent.casID, name: ent.name, match: .exact(ent.home(base)), profile: "cas-ent", establishments: ent.served))
            }
        }
        c.portals = c.portals.adding(missing: byEstablishment.compactMap { school, slug in
            named(slug).map { PortalEntry(uai: school.uai.value, url: "/demo/ent/\($0.slug)/", name: $0.name) }
        })
        return c
    }
}
