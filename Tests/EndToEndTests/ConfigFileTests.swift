import Foundation
import SesameTestSupport
import Testing

/// `--config sesame.yml`: every option of the flags as a key; the
/// environment, then the flags, win over it; `sesame config check` says
/// in French what is wrong, line by line. Unknown keys are errors.
@Suite struct ConfigFileTests {
    func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aCheckNamesTheLineOfEachProblemInFrench() throws {
        let directory = try SesameProcess.temporaryDirectory()
        let good = try write("""
            # Sesame de l'académie
            port: 8443
            public-url: https://sesame.ac-exemple.fr
            trusted-proxies: [10.0.0.5/32, 10.0.0.6/32]
            smtp-password-file: ${SECRETS}/smtp
            log-format: json
            demo: false
            """, "bon.yml", in: directory)
        let ok = try SesameProcess.run(["config", "check", good], in: directory, environment: ["SECRETS": "/run/credentials/sesame"])
        #expect(ok.status == 0 && ok.output.contains("configuration valide (6 options)"), "\(ok.output)")

        let bad = try write("""
            port: 8443
            prot: 9000
            public-url: ${PAS_DEFINIE}
            demo: peut-être
            """, "mauvais.yml", in: directory)
        let refused = try SesameProcess.run(["config", "check", bad], in: directory)
        #expect(refused.status != 0)
        #expect(refused.output.contains("ligne 2 : clé inconnue « prot » (voulez-vous dire « port » ?)"), "\(refused.output)")
        #expect(refused.output.contains("ligne 3 : la variable d'environnement PAS_DEFINIE n'est pas définie"))
        #expect(refused.output.contains("ligne 4 : « demo » vaut true ou false"))

        let range = try write("public-url: https://x.fr\nport: 99999\n", "hors-limites.yml", in: directory)
        let outOfRange = try SesameProcess.run(["config", "check", range], in: directory)
        #expect(outOfRange.status != 0 && outOfRange.output.contains("ligne 2 : --port doit être entre 1 et 65535"), "\(outOfRange.output)")
    }

    @Test func theEnvironmentThenTheFlagsWinOverTheFile() throws {
        let directory = try SesameProcess.temporaryDirectory()
        let file = try write("data-dir: \(directory.appendingPathComponent("du-fichier").path)\n", "sesame.yml", in: directory)
        func migrate(_ extra: [String], environment: [String: String] = [:]) throws -> Bool {
            let run = try SesameProcess.run(["migrate", "--config", file] + extra, in: directory, environment: environment)
            return run.status == 0
        }
        #expect(try migrate([]))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("du-fichier/sesame.sqlite3").path), "the file's data-dir")
        #expect(try migrate([], environment: ["SESAME_DATA_DIR": directory.appendingPathComponent("de-l-environnement").path]))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("de-l-environnement/sesame.sqlite3").path), "the environment wins")
        #expect(try migrate(["--data-dir", directory.appendingPathComponent("du-drapeau").path],
                            environment: ["SESAME_DATA_DIR": directory.appendingPathComponent("ignore").path]))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("du-drapeau/sesame.sqlite3").path), "the flag wins")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ignore").path))
    }

    /// The commented examples of metadata/ are a configuration that works.
    @Test func theExampleMetadataFolderStartsCleanly() async throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("metadata")
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--metadata-dir", examples.path], in: directory)
        defer { server.stop() }
        let cas = try await Browser().get(server.baseURL + "/cas/login?service=" + "https%3A%2F%2Fent-college.example.org%2Flogin")
        #expect(cas.status == 302 || cas.status == 303, "the example CAS service is registered: to the login, not a refusal")
        let sso = try await Browser().get(server.baseURL + "/saml/sso?sp=" + "https%3A%2F%2Fent-lycees.example.org%2Fsaml%2Fmetadata")
        #expect(sso.status == 302 || sso.status == 303, "the example SP is registered")
        let portal = try await Browser().get(server.baseURL + "/?q=0869999B")
        #expect(portal.status == 200)
    }

    @Test func aServerStartsFromTheFile() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        // The test's flags give the port and public URL; the file gives the rest.
        let file = try write("demo: true\nlog-format: json\ntrusted-proxies: [10.0.0.5/32]\npublic-url: http://ignore.invalid\n", "sesame.yml", in: directory)
        let server = try await SesameProcess.serve(["--config", file], in: directory)
        #expect(try await Browser().get(server.baseURL + "/demo/accounts.json").status == 200, "demo: true was read")
        server.stop()
        let lines = String(decoding: server.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("{") }, "log-format: json was read")
        #expect(lines.contains { $0.contains(server.baseURL) }, "the flag's public URL won over the file's")
    }
}
