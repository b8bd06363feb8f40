import Primitives

/// Helpers turning raw record fields into typed values.
extension RawRecord {
    /// A field (or, failing that, an attribute), trimmed; nil when absent or blank.
    func text(_ key: String) -> String? {
        guard let raw = fields[key] ?? attributes[key] else { return nil }
        return trimmed(raw)
    }

    func attribute(_ key: String) -> String? {
        attributes[key].flatMap(trimmed) ?? fields[key].flatMap(trimmed)
    }

    /// A `dd/mm/yyyy` field; a present but unreadable value is noted in `malformed`.
    func date(_ key: String, _ malformed: inout [MalformedValue]) -> SIECLEDate? {
        guard let raw = text(key) else { return nil }
        if let date = SIECLEDate(siecle: raw) { return date }
        malformed.append(MalformedValue(field: key, value: raw))
        return nil
    }

    /// The parameters header of an export, with its UAJ checked.
    func header(file: String) throws -> ExportHeader {
        guard let raw = text("UAJ") else { throw SIECLEError.missingUAJ(file: file) }
        let uai = raw.uppercased()
        guard UAI.isValid(uai) else { throw SIECLEError.invalidUAJ(file: file, value: raw) }
        var ignored: [MalformedValue] = []
        return ExportHeader(uai: uai, schoolYear: text("ANNEE_SCOLAIRE"),
                            exportDate: date("DATE_EXPORT", &ignored), timestamp: text("HORODATAGE"))
    }
}

private func isSpace(_ c: Character) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{A0}" }

/// Trims blanks; nil when nothing is left.
func trimmed(_ raw: String) -> String? {
    guard let first = raw.first else { return nil }
    if !isSpace(first), let last = raw.last, !isSpace(last) { return raw }
    var slice = Substring(raw)
    while let c = slice.first, isSpace(c) { slice.removeFirst() }
    while let c = slice.last, isSpace(c) { slice.removeLast() }
    return slice.isEmpty ? nil : String(slice)
}
