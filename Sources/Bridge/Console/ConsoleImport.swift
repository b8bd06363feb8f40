import Accounts
import Foundation
import Hummingbird
import Primitives
import WebForms

/// What the console needs from the SIECLE importer, given by the executable
/// so that the web layer does not depend on the storage engine.
public struct SIECLEUploadOutcome: Sendable {
    public var refused: Bool
    public var lines: [String]
    public init(refused: Bool, lines: [String]) { self.refused = refused; self.lines = lines }
}

public typealias SIECLEUpload = @Sendable (_ files: [URL], _ allowed: [UAI]?, _ dryRun: Bool, _ actor: String) async -> SIECLEUploadOutcome

/// The console's SIECLE upload form: the exports of the staff member's
/// establishments, plain or zipped, with a dry run first if wanted.
struct ConsoleImport: Sendable {
    let console: Console
    let upload: SIECLEUpload
    static let maximumBytes = 100 * 1024 * 1024

    func register(on router: Router<SesameContext>) {
        router.get("/admin/import") { request, _ in
            try await console.signedIn(request) { scope in
                guard scope.seesGuardians else { throw Console.forbidden }
                return console.render("admin-import", title: "Import SIECLE", [:], request: request, scope: scope)
            }
        }
        router.post("/admin/import") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: SesameContext) async throws -> Response {
        // Signed-in staff only, before reading up to 100 MiB of body.
        try await console.signedIn(request) { scope in
            guard scope.seesGuardians else { throw Console.forbidden }
            // Too big is said as such (413), not as the service failing.
            if let declared = request.headers[.contentLength].flatMap(Int.init), declared > Self.maximumBytes { throw PageError.tooLarge }
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: Self.maximumBytes) } catch { throw PageError.tooLarge }
            guard let form = MultipartForm(body: Data(buffer: body), contentType: request.headers[.contentType] ?? "") else {
                throw PageError(.badRequest, title: "Envoi illisible", message: "Les fichiers n'ont pas pu être lus. Choisissez-les de nouveau et recommencez.",
                                log: "console import: not multipart", backURL: "/admin/import", backLabel: "Retour à l'import")
            }
            guard csrf(form, request) else {
                try await console.store.record(AuditEvent(kind: .csrfRejected, ip: context.clientAddress, detail: request.uri.path))
                throw PageError.expiredForm
            }
            let files = form.parts.filter { $0.filename != nil && !$0.data.isEmpty }
            guard !files.isEmpty else {
                return console.render("admin-import", title: "Import SIECLE", ["error": "Choisissez au moins un fichier exporté de SIECLE."],
                                      request: request, scope: scope, status: .badRequest)
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-import-" + UUID().uuidString)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var urls: [URL] = []
            for (index, part) in files.enumerated() {
                // Only the extension of the sent name is kept: no path from the browser reaches the disk.
                let ext = (part.filename ?? "").lowercased().hasSuffix(".zip") ? "zip" : "xml"
                let url = folder.appendingPathComponent("export-\(index).\(ext)")
                try part.data.write(to: url)
                urls.append(url)
            }
            let dryRun = form.value("essai") == "1"
            let allowed = scope.member.role == .academie ? nil : scope.member.establishments
            let outcome = await upload(urls, allowed, dryRun, scope.member.login)
            return console.render("admin-import", title: "Import SIECLE", [
                "report": outcome.lines, "refused": outcome.refused, "dryRun": dryRun, "done": true,
            ], request: request, scope: scope, status: outcome.refused ? .badRequest : .ok)
        }
    }

    func csrf(_ form: MultipartForm, _ request: Request) -> Bool {
        console.csrf.isValid(request: request, field: form.value(CSRF.fieldName))
    }
}
