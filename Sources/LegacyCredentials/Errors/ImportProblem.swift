/// One thing wrong with an import file, at a 1-based line (0: the whole file).
/// User messages may quote values so the administrator can find them; log
/// messages carry only line numbers and field names.
public struct ImportProblem: LegacyCredentialsError, Equatable {
    public enum Kind: Sendable, Equatable {
        case malformedLine(MalformedReason)
        case missingField(String)
        case repeatedField(String)
        case invalidHash(field: String, LegacyHashError)
        case invalidDate(field: String, value: String)
        case duplicateLogin(String, firstLine: Int)
        case invalidEncoding
        case limitExceeded(ImportLimit)
    }

    public enum ImportLimit: Sendable, Equatable {
        case fileSize(Int), lineLength(Int), recordCount(Int), problemCount(Int)
    }

    public let line: Int
    public let kind: Kind

    public init(line: Int, _ kind: Kind) {
        self.line = line
        self.kind = kind
    }

    private var wherePrefix: String { line == 0 ? "Fichier" : "Ligne \(line)" }

    public var userMessage: String {
        let text: String
        switch kind {
        case .malformedLine(let reason): text = "ligne mal formée : \(reason.french)"
        case .missingField(let name): text = "champ obligatoire manquant : \(name)"
        case .repeatedField(let name): text = "le champ \(name) apparaît plusieurs fois"
        case .invalidHash(let name, let error):
            // The nested sentence brings its own full stop; ours is added below.
            text = "champ \(name) : \(error.userMessage.hasSuffix(".") ? String(error.userMessage.dropLast()) : error.userMessage)"
        case .invalidDate(let name, let value):
            text = "date invalide dans le champ \(name) : « \(value) » (formats acceptés : AAAAMMJJ, AAAA-MM-JJ, JJ/MM/AAAA)"
        case .duplicateLogin(let login, let firstLine):
            text = "identifiant « \(login) » en double (déjà présent ligne \(firstLine))"
        case .invalidEncoding: text = "texte qui n'est pas de l'UTF-8 valide"
        case .limitExceeded(let limit):
            switch limit {
            case .fileSize(let max): text = "fichier trop volumineux (maximum \(max) octets)"
            case .lineLength(let max): text = "ligne trop longue (maximum \(max) octets)"
            case .recordCount(let max): text = "trop de comptes (maximum \(max))"
            case .problemCount(let max): text = "trop d'erreurs, liste arrêtée après \(max)"
            }
        }
        return "\(wherePrefix) : \(text)."
    }

    public var logMessage: String {
        let text: String
        switch kind {
        case .malformedLine(let reason): text = "malformed line (\(reason.english))"
        case .missingField(let name): text = "missing required field \(name)"
        case .repeatedField(let name): text = "field \(name) repeated"
        case .invalidHash(let name, let error): text = "field \(name): \(error.logMessage)"
        case .invalidDate(let name, _): text = "invalid date in field \(name)"
        case .duplicateLogin(_, let firstLine): text = "duplicate login, first seen at line \(firstLine)"
        case .invalidEncoding: text = "invalid UTF-8"
        case .limitExceeded(let limit):
            switch limit {
            case .fileSize(let max): text = "file larger than \(max) bytes"
            case .lineLength(let max): text = "line longer than \(max) bytes"
            case .recordCount(let max): text = "more than \(max) records"
            case .problemCount(let max): text = "more than \(max) problems, list truncated"
            }
        }
        return "legacy import: line \(line): \(text)"
    }
}

/// Why a line could not be read, in both languages.
public enum MalformedReason: Error, Sendable, Equatable {
    case missingColon
    case invalidAttributeName
    case continuationWithoutLine
    case attributeOutsideEntry
    case invalidBase64
    case urlValueUnsupported
    case unsupportedChangeType
    case unsupportedVersion
    case unterminatedQuote
    case quoteInUnquotedField
    case textAfterClosingQuote
    case fieldCount(expected: Int, found: Int)
    case emptyHeader
    case missingHeader

    var french: String {
        switch self {
        case .missingColon: return "« : » attendu après le nom d'attribut"
        case .invalidAttributeName: return "nom d'attribut invalide"
        case .continuationWithoutLine: return "ligne de continuation sans ligne précédente"
        case .attributeOutsideEntry: return "attribut hors d'une entrée (« dn: » attendu)"
        case .invalidBase64: return "valeur base64 invalide"
        case .urlValueUnsupported: return "valeur par URL (« :< ») non prise en charge"
        case .unsupportedChangeType: return "enregistrement de modification non pris en charge"
        case .unsupportedVersion: return "version LDIF non prise en charge"
        case .unterminatedQuote: return "guillemet ouvrant sans guillemet fermant"
        case .quoteInUnquotedField: return "guillemet au milieu d'un champ non entouré de guillemets"
        case .textAfterClosingQuote: return "texte après un guillemet fermant"
        case .fieldCount(let expected, let found): return "\(found) champs au lieu de \(expected)"
        case .emptyHeader: return "nom de colonne vide dans l'en-tête"
        case .missingHeader: return "ligne d'en-tête absente"
        }
    }

    var english: String {
        switch self {
        case .missingColon: return "missing colon after attribute name"
        case .invalidAttributeName: return "invalid attribute name"
        case .continuationWithoutLine: return "continuation line without a preceding line"
        case .attributeOutsideEntry: return "attribute outside an entry"
        case .invalidBase64: return "invalid base64 value"
        case .urlValueUnsupported: return "URL value not supported"
        case .unsupportedChangeType: return "change record not supported"
        case .unsupportedVersion: return "unsupported LDIF version"
        case .unterminatedQuote: return "unterminated quote"
        case .quoteInUnquotedField: return "quote inside unquoted field"
        case .textAfterClosingQuote: return "text after closing quote"
        case .fieldCount(let expected, let found): return "\(found) fields instead of \(expected)"
        case .emptyHeader: return "empty column name in header"
        case .missingHeader: return "missing header row"
        }
    }
}

/// An import that produced no records because of `problems` (never empty).
public struct ImportFailure: LegacyCredentialsError, Equatable {
    public let problems: [ImportProblem]

    public var userMessage: String {
        (["Import refusé : \(problems.count) problème(s), aucun compte importé."] + problems.map(\.userMessage))
            .joined(separator: "\n")
    }

    public var logMessage: String {
        "legacy import rejected with \(problems.count) problem(s): " + problems.map(\.logMessage).joined(separator: "; ")
    }
}
