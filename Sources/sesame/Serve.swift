import Accounts
import ArgumentParser
import Bridge
import Demo
import CAS
import Foundation
import Hummingbird
import Logging
import Messaging
import SIECLEImport
import ServiceLifecycle
import Storage

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web service.")

    @OptionGroup var options: ServerOptions
    @OptionGroup(title: "SMS and e-mail") var messaging: MessagingOptions
    @OptionGroup(title: "FranceConnect") var franceConnect: FranceConnectOptions

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("log-format"), help: "text, or json: one JSON object a line.")
    var logFormat: LogFormat = .text

    @Flag(help: "Load the demo académie and serve /demo (never in production).")
    var demo = false

    func run() async throws {
        if logFormat == .json { LoggingSystem.bootstrap { JSONLogHandler(label: $0) } }
        var logger = Logger(label: "sesame")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let store = try await options.openStore()
        let fc = try await franceConnect.login(publicURL: options.publicURL, demo: demo)
        var configuration = BridgeConfiguration(publicURL: options.publicURL, demo: demo, hasher: options.hasher,
                                                casServices: try options.casServices(demo: demo),
                                                saml: try options.samlSettings(), profiles: try options.profileCatalog(),
                                                portals: try options.portalDirectory(), messenger: try messaging.messenger(),
                                                outbox: demo ? FileOutbox(directory: URL(fileURLWithPath: options.dataDir).appendingPathComponent("outbox")) : nil,
                                                franceConnect: fc?.0,
                                                siecleUpload: Self.upload(into: store))
        configuration.keys = KeyDirectory(directory: SigningKeys.directory(options), settings: store)
        configuration.metricsReaders = options.metricsReaders
        configuration.trustedProxies = options.trustedProxies
        configuration.maxInFlight = options.maxInFlight
        try configuration.checkProfilesExist()
        var credentials: [DemoAcademy.Credential] = []
        if demo {
            configuration.extensions = [DemoSite(franceConnect: fc?.1)]
            credentials = try await DemoAcademy.seed(into: store, hasher: options.hasher)
        }
        let app = try await SesameWeb.buildApplication(
            configuration: configuration, store: store, metrics: SesameMetrics(), host: host, port: options.port,
            logger: logger, timeouts: options.timeouts, services: [SessionPurge(store: store)])
        // The banner is for a person at a terminal; a log collector gets lines of JSON only.
        if logFormat == .text { printBanner(credentials: credentials) } else { logger.info("listening", metadata: ["url": "\(options.publicURL)", "demo": "\(demo)"]) }
        try await app.runService()
        await store.database.shutdown()
    }

    /// The console's SIECLE upload, run by the importer on this store.
    static func upload(into store: SQLStore) -> SIECLEUpload {
        { files, allowed, dryRun, actor in
            do {
                let report = try await SIECLEImporter(store: store).run(files: files, allowedEstablishments: allowed, dryRun: dryRun, actor: actor)
                return SIECLEUploadOutcome(refused: false, lines: report.fullText(limit: 50).components(separatedBy: "\n"))
            } catch let error as SIECLEImportError {
                return SIECLEUploadOutcome(refused: true, lines: [error.userMessage])
            } catch {
                return SIECLEUploadOutcome(refused: true, lines: ["L'import n'a pas pu aboutir ; rien n'a été modifié. Réessayez plus tard."])
            }
        }
    }

    func printBanner(credentials: [DemoAcademy.Credential]) {
        var lines = ["Sesame écoute sur \(options.publicURL) (base : \(options.database == nil ? "SQLite dans \(options.dataDir)" : "PostgreSQL"))."]
        if demo {
            lines.append("Mode démonstration : comptes à essayer sur \(options.publicURL)/login (liste complète : \(options.publicURL)/demo)")
            let picks = credentials.filter { !$0.note.isEmpty && $0.role == "guardian" }.prefix(3) + credentials.filter { $0.role == "pupil" }.prefix(2)
            for c in picks {
                lines.append("  \(c.identifier)  /  \(c.password)   \(c.role == "pupil" ? "élève" : "parent")\(c.note.isEmpty ? "" : " – " + c.note)")
            }
            lines.append("Essayez aussi les services en ligne (\(options.publicURL)/), un ENT de démonstration, « Je n'ai pas de compte » et FranceConnect (démonstration) ; les SMS et courriels arrivent sur \(options.publicURL)/demo/outbox")
        }
        // Written at once and unbuffered, so a supervising process sees it.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// Deletes expired sessions and tickets every minute.
struct SessionPurge: Service {
    let store: SQLStore

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await store.purgeExpiredSessions(now: Date())
                try? await store.purgeExpiredTickets(now: Date())
                try? await store.purgeFlowStates(now: Date())
                try? await store.purgeVerifications(now: Date())
                // Cancelled at shutdown: the loop ends, no error (SIGTERM exits with 0).
                try? await Task.sleep(for: .seconds(60))
            }
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let database = try Database.open(url: options.databaseURL)
        try ServerOptions.restrictToService(options.dataDir)
        do {
            let applied = try await Migrations.run(on: database)
            print(applied.isEmpty ? "Schéma à jour (version \(Migrations.latestVersion))." : "Migrations appliquées : \(applied.map(String.init).joined(separator: ", ")).")
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}
