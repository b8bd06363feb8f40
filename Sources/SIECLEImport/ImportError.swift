import Accounts
import Foundation
import SIECLE
import Primitives

/// Why an import was refused. Nothing is written in any case.
/// `userMessage` is for the staff (French), `logMessage` for the logs.
public enum SIECLEImportError: Error, Sendable, CustomStringConvertible {
    /// The files themselves: malformed XML, wrong root, truncated zip…
    case file(SIECLEError)
    /// The export is for an establishment the staff member does not manage.
    case establishmentNotAllowed(file: String, uai: String)
    /// The establishment is not in the directory and nothing says how to create it.
    case unknownEstablishment(UAI)
    /// The database refused the writes (everything was rolled back).
    case storage(String)
    /// The server's disk is full (everything was rolled back).
    case diskFull

    public var isDiskFull: Bool { if case .diskFull = self { true } else { false } }

    public var userMessage: String {
        switch self {
        case .file(let error):
            return error.frenchMessage
        case let .establishmentNotAllowed(file, uai):
            return "Le fichier « \(file) » est l'export de l'établissement \(uai), que vous ne gérez pas. Rien n'a été importé."
        case .unknownEstablishment(let uai):
            return "L'établissement \(uai.value) n'est pas encore déclaré dans Sesame. Demandez à l'académie de le créer. Rien n'a été importé."
        case .storage:
            return "L'import n'a pas pu être enregistré ; rien n'a été modifié. Réessayez, puis signalez-le à l'académie."
        case .diskFull:
            return "Le disque du serveur est plein : l'import n'a rien enregistré, rien n'est à moitié écrit. Libérez de la place sur le serveur (ou prévenez l'académie), puis recommencez."
        }
    }

    public var logMessage: String {
        switch self {
        case .file(let error): return "SIECLE import refused: \(error.logMessage)"
        case let .establishmentNotAllowed(file, uai): return "SIECLE import refused: \(file) is for \(uai), not managed by the actor"
        case .unknownEstablishment(let uai): return "SIECLE import refused: establishment \(uai.value) unknown"
        case .storage(let detail): return "SIECLE import rolled back: \(detail)"
        case .diskFull: return "SIECLE import rolled back: disk full"
        }
    }

    public var description: String { logMessage }
}
