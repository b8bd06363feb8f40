/// Why a file (or a set of files) cannot be imported at all. Each case has a
/// French message for the console (`frenchMessage`) and an English one for logs.
public enum SIECLEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not well-formed XML (or an encoding the parser cannot read); `line` is 1-based, 0 if unknown.
    case malformedXML(file: String, line: Int, detail: String)
    /// The root element is not `BEE_ELEVES` nor `BEE_RESPONSABLES` (or not the one expected).
    case wrongRootElement(file: String, found: String)
    /// The document has a DOCTYPE: refused before its internal subset is read.
    case doctypeRefused(file: String)
    /// Elements nested deeper than `SIECLELimits.maxDepth`.
    case tooDeep(file: String, limit: Int)
    /// The file is larger than `SIECLELimits.maxFileSize` (uncompressed).
    case fileTooBig(file: String, limit: Int)
    /// A zip entry expands more than `SIECLELimits.maxZipRatio` times.
    case zipRatioTooHigh(file: String, entry: String, limit: Int)
    /// The zip cannot be read (truncated, corrupt, bad checksum).
    case corruptZip(file: String, detail: String)
    /// An entry is encrypted (a password-protected archive).
    case encryptedZip(file: String, entry: String)
    /// An entry uses a compression method other than stored or DEFLATE (e.g. 7-Zip's LZMA).
    case unsupportedZip(file: String, entry: String, method: Int)
    /// More entries than `SIECLELimits.maxZipEntries`: not an export of SIECLE's.
    case tooManyZipEntries(file: String, limit: Int)
    /// The zip holds no pupils or guardians export.
    case noExportInZip(file: String)
    /// The file cannot be opened or read.
    case unreadable(file: String, detail: String)
    /// `PARAMETRES/UAJ` absent or empty.
    case missingUAJ(file: String)
    /// `PARAMETRES/UAJ` not seven digits and the right check letter.
    case invalidUAJ(file: String, value: String)
    /// The export is for another establishment than the one importing it.
    case wrongEstablishment(file: String, expected: String, found: String)
    /// The pupils and guardians exports are for different establishments.
    case uajMismatch(pupils: String, guardians: String)
    /// Two exports of the same kind were given together.
    case duplicateExport(kind: SIECLEExportKind, first: String, second: String)
    /// None of the files given is a pupils or guardians export.
    case noExport

    public var frenchMessage: String {
        switch self {
        case let .malformedXML(file, line, _):
            return line > 0
                ? "Le fichier « \(file) » n'est pas un XML valide (erreur ligne \(line)). Exportez-le à nouveau depuis SIECLE."
                : "Le fichier « \(file) » n'est pas un XML valide. Exportez-le à nouveau depuis SIECLE."
        case let .wrongRootElement(file, found):
            return "Le fichier « \(file) » n'est pas un export SIECLE élèves ou responsables (élément racine « \(found) »)."
        case let .doctypeRefused(file):
            return "Le fichier « \(file) » contient une déclaration DOCTYPE, refusée par sécurité. Un export SIECLE n'en contient pas."
        case let .tooDeep(file, limit):
            return "Le fichier « \(file) » a une structure trop imbriquée (plus de \(limit) niveaux) : ce n'est pas un export SIECLE."
        case let .fileTooBig(file, limit):
            return "Le fichier « \(file) » est trop volumineux (plus de \(limit / (1024 * 1024)) Mo une fois décompressé)."
        case let .zipRatioTooHigh(file, entry, _):
            return "L'archive « \(file) » est refusée : le fichier « \(entry) » se décompresse de façon anormale."
        case let .corruptZip(file, _):
            return "L'archive « \(file) » est incomplète ou endommagée. Téléchargez-la à nouveau depuis SIECLE."
        case let .encryptedZip(file, _):
            return "L'archive « \(file) » est protégée par un mot de passe. Déposez les exports SIECLE tels que SIECLE les fournit, sans mot de passe."
        case let .unsupportedZip(file, _, _):
            return "L'archive « \(file) » utilise une compression que Sesame ne lit pas. Déposez les fichiers XML eux-mêmes, ou une archive .zip ordinaire."
        case let .tooManyZipEntries(file, limit):
            return "L'archive « \(file) » est refusée : elle contient plus de \(limit) fichiers. Déposez les exports SIECLE seuls, ou une archive qui ne contient qu'eux."
        case let .noExportInZip(file):
            return "L'archive « \(file) » ne contient aucun export SIECLE élèves ou responsables."
        case let .unreadable(file, _):
            return "Le fichier « \(file) » ne peut pas être lu."
        case let .missingUAJ(file):
            return "Le fichier « \(file) » n'indique pas l'établissement (UAJ absent des paramètres)."
        case let .invalidUAJ(file, value):
            return "Le fichier « \(file) » indique un numéro d'établissement invalide (« \(value) »)."
        case let .wrongEstablishment(file, expected, found):
            return "Le fichier « \(file) » concerne l'établissement \(found), et non \(expected)."
        case let .uajMismatch(pupils, guardians):
            return "Les exports élèves (\(pupils)) et responsables (\(guardians)) ne concernent pas le même établissement."
        case let .duplicateExport(kind, first, second):
            return "Deux exports \(kind == .pupils ? "élèves" : "responsables") ont été fournis (« \(first) » et « \(second) ») : n'en gardez qu'un."
        case .noExport:
            return "Aucun des fichiers fournis n'est un export SIECLE élèves ou responsables."
        }
    }

    public var logMessage: String {
        switch self {
        case let .malformedXML(file, line, detail): return "SIECLE: malformed XML in \(file) at line \(line): \(detail)"
        case let .wrongRootElement(file, found): return "SIECLE: unexpected root element <\(found)> in \(file)"
        case let .doctypeRefused(file): return "SIECLE: DOCTYPE refused in \(file)"
        case let .tooDeep(file, limit): return "SIECLE: element nesting deeper than \(limit) in \(file)"
        case let .fileTooBig(file, limit): return "SIECLE: \(file) exceeds \(limit) bytes"
        case let .zipRatioTooHigh(file, entry, limit): return "SIECLE: entry \(entry) of \(file) expands more than \(limit)x"
        case let .corruptZip(file, detail): return "SIECLE: corrupt zip \(file): \(detail)"
        case let .encryptedZip(file, entry): return "SIECLE: entry \(entry) of \(file) is encrypted"
        case let .unsupportedZip(file, entry, method): return "SIECLE: entry \(entry) of \(file) uses compression method \(method)"
        case let .tooManyZipEntries(file, limit): return "SIECLE: zip \(file) has more than \(limit) entries"
        case let .noExportInZip(file): return "SIECLE: no pupils or guardians export in zip \(file)"
        case let .unreadable(file, detail): return "SIECLE: cannot read \(file): \(detail)"
        case let .missingUAJ(file): return "SIECLE: PARAMETRES/UAJ missing in \(file)"
        case let .invalidUAJ(file, value): return "SIECLE: invalid UAJ '\(value)' in \(file)"
        case let .wrongEstablishment(file, expected, found): return "SIECLE: \(file) is for \(found), expected \(expected)"
        case let .uajMismatch(pupils, guardians): return "SIECLE: pupils export for \(pupils), guardians export for \(guardians)"
        case let .duplicateExport(kind, first, second): return "SIECLE: two \(kind) exports: \(first) and \(second)"
        case .noExport: return "SIECLE: no pupils or guardians export among the files"
        }
    }

    public var description: String { logMessage }
}
