import Accounts
import Foundation
import HTTPTypes
import Hummingbird

/// Help pages, stylesheet, health and metrics.
struct SiteRoutes: Sendable {
    let pages: Pages
    /// The database ping of /healthz.
    typealias Store = SettingsStore
    let store: any Store
    let metrics: SesameMetrics
    let assets: StaticAssets
    /// Who may read /metrics.
    var metricsReaders: [AddressRange] = AddressRange.loopback
    /// The bound on requests at once, shown in /metrics.
    var shedding: LoadShedding? = nil

    func register(on router: Router<SesameContext>) {
        router.get("/static/:file") { _, context in
            guard let name = context.parameters.get("file"), let asset = assets.files[name] else { throw PageError.notFound }
            return Response(status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: asset.bytes))
        }
        router.get("/aide") { _, _ in
            let topics = Self.helpIndex.compactMap { slug in Self.help[slug].map { ["url": "/aide/" + slug, "title": $0.title] } }
            return pages.render("help", title: "Aide", ["paragraphs": [
                "Sesame vous permet de vous connecter, avec un seul compte, aux services numériques de l'école ou de l'établissement de votre enfant (ENT, vie scolaire, ressources).",
                "Pour toute question sur votre compte, adressez-vous au secrétariat de l'établissement : il peut vous remettre vos identifiants et un mot de passe provisoire.",
            ], "topics": topics, "hasTopics": true])
        }
        router.get("/aide/:sujet") { _, context in
            guard let topic = context.parameters.get("sujet"), let help = Self.help[topic] else { throw PageError.notFound }
            return pages.render("help", title: help.title, ["paragraphs": help.paragraphs])
        }
        router.get("/healthz") { _, _ in try await health() }
        router.get("/metrics") { _, context in
            guard metricsReaders.contains(where: { $0.contains(context.clientAddress) }) else { throw PageError.notFound }
            metrics.sample(.shared)
            if let shedding { metrics.sample(shedding) }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }

    /// 200 when the database answers within two seconds, 503 otherwise.
    func health() async throws -> Response {
        let store = self.store
        let healthy = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await store.ping()) != nil }
            group.addTask { try? await Task.sleep(for: .seconds(2)); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        return Response(status: healthy ? .ok : .serviceUnavailable,
                        headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: healthy ? "ok\n" : "database unavailable\n")))
    }

    /// The topics /aide lists, in order.
    static let helpIndex = ["pas-de-compte", "identifiant-perdu", "mot-de-passe-perdu", "franceconnect", "accessibilite"]

    /// Each help page says what to do and whom to ask.
    static let help: [String: (title: String, paragraphs: [String])] = [
        "accessibilite": ("Accessibilité", [
            "Sesame vise la conformité au référentiel général d'amélioration de l'accessibilité (RGAA) : chaque champ a son intitulé, le contraste du texte et du repère de focus est d'au moins 4,5:1 et 3:1, toutes les pages s'utilisent au clavier et sur un téléphone, sans défilement horizontal.",
            "Si vous ne parvenez pas à utiliser une page, signalez-le au secrétariat de l'établissement : il transmettra, et peut réaliser la démarche avec vous en attendant.",
        ]),
        "identifiant-perdu": ("Identifiant perdu", [
            "Votre identifiant a la forme p.dupont10 : l'initiale de votre prénom, un point, votre nom et deux chiffres.",
            "Il figure sur le courrier remis par l'école ou l'établissement. Si vous ne le retrouvez pas, contactez le secrétariat de l'établissement.",
        ]),
        "mot-de-passe-perdu": ("Mot de passe perdu", [
            "Les responsables légaux peuvent demander un nouveau mot de passe par SMS ou par courriel ; les élèves par courriel s'ils en ont indiqué un.",
            "Sinon, l'école ou l'établissement peut vous remettre un nouveau mot de passe provisoire. Un parent ne peut pas réinitialiser le mot de passe de son enfant.",
        ]),
        "franceconnect": ("Qu'est-ce que FranceConnect ?", [
            "FranceConnect est le service de l'État qui permet de vous connecter à de nombreux services en ligne avec un compte que vous avez déjà : impots.gouv.fr, ameli.fr, l'Identité Numérique La Poste, MSA, Mobile Connect et moi…",
            "La première fois, Sesame vous demande le numéro de téléphone portable connu de l'établissement, un code reçu par SMS et la date de naissance de vos enfants. Ensuite, un clic suffit.",
        ]),
        "pas-de-compte": ("Je n'ai pas de compte", [
            "Les comptes des élèves et des responsables légaux sont créés à partir des informations transmises à l'établissement lors de l'inscription.",
            "Si vous n'avez pas reçu vos identifiants, contactez l'école ou l'établissement de votre enfant : le numéro de téléphone portable donné à l'inscription vous sera demandé.",
        ]),
    ]
}

/// The stylesheet and script shipped in the bundle, read once at start.
struct StaticAssets: Sendable {
    struct Asset: Sendable { var contentType: String; var bytes: ByteBuffer }
    let files: [String: Asset]

    static func load() throws -> StaticAssets {
        var files: [String: Asset] = [:]
        for (name, ext, type) in [("sesame", "css", "text/css; charset=utf-8"), ("autopost", "js", "text/javascript; charset=utf-8"),
                                  ("password", "js", "text/javascript; charset=utf-8")] {
            guard let url = Bundle.module.url(forResource: "Static/\(name)", withExtension: ext) else { throw PageError.unavailable }
            files["\(name).\(ext)"] = Asset(contentType: type, bytes: ByteBuffer(bytes: try Data(contentsOf: url)))
        }
        return StaticAssets(files: files)
    }
}
